package io.jsuper.jsuperd.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
