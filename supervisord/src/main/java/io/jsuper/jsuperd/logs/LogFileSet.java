package io.jsuper.jsuperd.logs;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The files of one log stream, newest first: the current file, then its backups {@code file.1},
 * {@code file.2} … as the sink (or an external logrotate) named them, each possibly gzipped
 * ({@code file.3.gz}). Only names derived from the configured file are ever listed: a reader cannot be
 * pointed anywhere else.
 */
public final class LogFileSet {
    /** More backups than this are not read (a directory with a million stray names stays cheap). */
    static final int MAX_BACKUPS = 1000;

    private final Path current;

    public LogFileSet(Path current) {
        this.current = current.toAbsolutePath().normalize();
    }

    public Path current() {
        return current;
    }

    /** Current file first (whether or not it exists yet), then the backups that exist, newest first. */
    public List<Path> newestFirst() throws IOException {
        Path dir = current.getParent();
        String name = current.getFileName().toString();
        Pattern backup = Pattern.compile(Pattern.quote(name) + "\\.([0-9]{1,6})(\\.gz)?");
        record Backup(int number, boolean gz, Path path) {
        }
        List<Backup> found = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, glob(name) + ".*")) {
            for (Path entry : entries) {
                Matcher m = backup.matcher(entry.getFileName().toString());
                if (m.matches() && found.size() < MAX_BACKUPS) {
                    found.add(new Backup(Integer.parseInt(m.group(1)), m.group(2) != null, entry));
                }
            }
        } catch (NoSuchFileException e) {
            return List.of(current);
        }
        // file.2 (being compressed) and file.2.gz may exist together for a moment: plain first, same content
        found.sort(Comparator.comparingInt(Backup::number).thenComparing(Backup::gz));
        List<Path> out = new ArrayList<>(found.size() + 1);
        out.add(current);
        int last = -1;
        for (Backup b : found) {
            if (b.number() != last) {
                out.add(b.path());
            }
            last = b.number();
        }
        return out;
    }

    private static String glob(String name) {
        StringBuilder sb = new StringBuilder(name.length());
        for (char c : name.toCharArray()) {
            if ("*?[]{}\\".indexOf(c) >= 0) {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.toString();
    }

    static boolean gzipped(Path file) {
        return file.getFileName().toString().endsWith(".gz");
    }
}
