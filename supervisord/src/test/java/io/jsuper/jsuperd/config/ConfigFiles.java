package io.jsuper.jsuperd.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Writes config fixtures into a test's temp directory and loads them. */
final class ConfigFiles {

    static final Map<String, String> ENV = Map.of("HOME", "/home/app", "PORT", "8080", "CSV", "a,b");

    private ConfigFiles() {
    }

    static Path write(Path dir, String name, String... lines) {
        Path file = dir.resolve(name);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, String.join("\n", lines) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    static JsuperConfig load(Path file) throws ConfigException {
        return ConfigLoader.load(file, ENV);
    }

    static ConfigException failure(Path file) {
        try {
            ConfigLoader.load(file, ENV);
        } catch (ConfigException e) {
            return e;
        }
        throw new AssertionError("expected " + file + " to be rejected");
    }

    /** The errors (formatted relative to {@code dir}) that reject {@code lines} written as {@code dir/name}. */
    static List<String> errors(Path dir, String name, Accounts accounts, String... lines) {
        Path file = write(dir, name, lines);
        try {
            ConfigLoader.loadWithWarnings(file, ENV, accounts, Dialect.AUTO);
        } catch (ConfigException e) {
            List<String> out = new ArrayList<>();
            e.errors().forEach(err -> out.add(err.format(dir)));
            return out;
        }
        throw new AssertionError("expected the file to be rejected: " + String.join(" | ", lines));
    }

    /** The warnings (formatted relative to {@code dir}) of {@code lines} written as {@code dir/name}, which must load. */
    static List<String> warnings(Path dir, String name, Accounts accounts, String... lines) throws ConfigException {
        Path file = write(dir, name, lines);
        List<String> out = new ArrayList<>();
        ConfigLoader.loadWithWarnings(file, ENV, accounts, Dialect.AUTO).warnings().forEach(w -> out.add(w.format(dir)));
        return out;
    }
}
