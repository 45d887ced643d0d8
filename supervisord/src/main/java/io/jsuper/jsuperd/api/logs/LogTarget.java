package io.jsuper.jsuperd.api.logs;

import io.jsuper.jsuperd.logs.LogFileSet;

/** One followed/read stream: its label ({@code web:1}, or {@code jsuperd}) and its files. */
public record LogTarget(String label, LogFileSet files) {
}
