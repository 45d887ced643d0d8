package io.jsuper.jsuperd.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the raw sections of one file written for supervisord or Circus into jsuper's own sections
 * ({@code [jsuperd]}, {@code [watcher:x]}, {@code [env:x]}), so that one binder and one validator serve
 * every dialect. What jsuper reads differently or ignores becomes a warning naming file and line.
 */
final class DialectTranslator {

    private DialectTranslator() {
    }

    static List<RawSection> translate(Path file, List<RawSection> sections, Dialect forced, Map<String, String> environment,
                                      ErrorList errors, SupervisordDaemonSection.Inheritance inheritance) {
        Dialect dialect = forced == Dialect.AUTO ? detect(file, sections, errors) : forced;
        return switch (dialect) {
            case SUPERVISORD -> SupervisordTranslator.translate(sections, environment, errors, inheritance);
            case CIRCUS -> CircusTranslator.translate(sections, environment, errors, inheritance.circusUmask(sections));
            default -> sections;
        };
    }

    /** By sections; a file with supervisord sections next to jsuper's or Circus's is an error (read as jsuper). */
    private static Dialect detect(Path file, List<RawSection> sections, ErrorList errors) {
        Optional<RawSection> supervisord = sections.stream().filter(s -> Dialect.isSupervisordSection(s.name())).findFirst();
        Optional<RawSection> other = sections.stream().filter(s -> !Dialect.isSupervisordSection(s.name())
                && (s.name().equals(KnownKeys.DAEMON_SECTION) || s.name().startsWith(KnownKeys.WATCHER_PREFIX)
                || s.name().startsWith(KnownKeys.ENV_PREFIX) || Dialect.isCircusOnlySection(s.name()))).findFirst();
        if (supervisord.isPresent() && other.isPresent()) {
            errors.inFile(file, other.get().line(), "mixed dialects: [" + supervisord.get().name() + "] at line "
                    + supervisord.get().line() + " is supervisord's, [" + other.get().name() + "] at line "
                    + other.get().line() + " is jsuper's or Circus's",
                    "one dialect per file (split the file and include one from the other)");
            return Dialect.JSUPER;
        }
        if (supervisord.isPresent()) {
            return Dialect.SUPERVISORD;
        }
        return sections.stream().anyMatch(s -> Dialect.isCircusOnlySection(s.name())
                || s.name().startsWith(KnownKeys.WATCHER_PREFIX)) ? Dialect.CIRCUS : Dialect.JSUPER;
    }
}
