package io.jsuper.jsuperd.config;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** The configuration is invalid; carries every error found, not just the first. */
public final class ConfigException extends Exception {

    private final List<ConfigError> errors;

    public ConfigException(List<ConfigError> errors, Path baseDir) {
        super(render(errors, baseDir));
        this.errors = List.copyOf(errors);
    }

    public List<ConfigError> errors() {
        return errors;
    }

    private static String render(List<ConfigError> errors, Path baseDir) {
        return errors.stream().map(e -> e.format(baseDir)).collect(Collectors.joining("\n"));
    }
}
