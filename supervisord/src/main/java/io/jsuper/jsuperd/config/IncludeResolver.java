package io.jsuper.jsuperd.config;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads the main file and, depth-first, every file its {@code [jsuperd] include} globs and
 * {@code include_dir} directories name (relative to the including file). An included file may hold
 * watcher and env sections, and a {@code [jsuperd]} section with only include keys. Cycles are errors;
 * a file reached twice without a cycle is read once.
 */
final class IncludeResolver {

    private final Interpolator interpolator;
    private final ErrorList errors;
    private final Path baseDir;
    private final Deque<Path> stack = new ArrayDeque<>();
    private final Set<Path> loaded = new HashSet<>();
    private final List<RawSection> sections = new ArrayList<>();
    private RawSection daemon;
    private boolean sectionsReported;
    private boolean filesReported;
    private Dialect mainDialect = Dialect.AUTO;
    private final SupervisordDaemonSection.Inheritance inheritance = new SupervisordDaemonSection.Inheritance(
            SupervisordDaemonSection.runningAsRoot());

    private IncludeResolver(Interpolator interpolator, ErrorList errors, Path baseDir) {
        this.interpolator = interpolator;
        this.errors = errors;
        this.baseDir = baseDir;
    }

    /** Every watcher/env section of every file, main file first, and the main file's {@code [jsuperd]} (or null). */
    record Resolved(List<RawSection> sections, RawSection daemon) {
    }

    private record Target(Path file, RawEntry includedBy) {
    }

    static Resolved resolve(Path mainFile, Interpolator interpolator, ErrorList errors) {
        return resolve(mainFile, interpolator, errors, Dialect.AUTO);
    }

    /** {@code dialect} applies to the main file; included files are read by their own sections (AUTO). */
    static Resolved resolve(Path mainFile, Interpolator interpolator, ErrorList errors, Dialect dialect) {
        Path main = mainFile.toAbsolutePath().normalize();
        IncludeResolver r = new IncludeResolver(interpolator, errors, main.getParent());
        r.mainDialect = dialect;
        r.visit(main, null);
        return new Resolved(List.copyOf(r.sections), r.daemon);
    }

    private void visit(Path file, RawEntry includedBy) {
        Path real = realPath(file);
        if (stack.contains(real)) {
            List<Path> chain = new ArrayList<>(stack);
            java.util.Collections.reverse(chain);
            chain = chain.subList(chain.indexOf(real), chain.size());
            String cycle = Stream.concat(chain.stream(), Stream.of(real))
                    .map(this::display).collect(Collectors.joining(" -> "));
            errors.at(includedBy, "include cycle: " + cycle, "includes that form no loop");
            return;
        }
        if (!loaded.add(real)) {
            return;
        }
        if (tooDeep(real, includedBy) || tooMany(includedBy)) {
            return;
        }
        stack.push(real);
        List<Target> includes = new ArrayList<>();
        Dialect dialect = includedBy == null ? mainDialect : Dialect.AUTO;
        for (RawSection s : DialectTranslator.translate(file, IniReader.read(file, errors), dialect,
                interpolator.environment(), errors, inheritance)) {
            if (sections.size() >= ConfigLimits.MAX_SECTIONS) {
                if (!sectionsReported) {
                    sectionsReported = true;
                    errors.at(s, null, "more than " + ConfigLimits.MAX_SECTIONS + " sections in the config files",
                            "at most " + ConfigLimits.MAX_SECTIONS + " sections (watcher and env) in all files together");
                }
                break;
            }
            if (!s.name().equals(KnownKeys.DAEMON_SECTION)) {
                sections.add(s);
                continue;
            }
            if (includedBy == null) {
                daemon = s;
            } else {
                rejectDaemonKeysInInclude(s);
            }
            includes.addAll(includeTargets(s));
        }
        for (Target target : includes) {
            visit(target.file(), target.includedBy());
        }
        stack.pop();
    }

    /**
     * Include depth is bounded (the walk is recursive; thousands of nested includes ended start-up with a
     * StackOverflowError): past it, one error with the chain of files.
     */
    private boolean tooDeep(Path real, RawEntry includedBy) {
        if (stack.size() < ConfigLimits.MAX_INCLUDE_DEPTH) {
            return false;
        }
        List<Path> chain = new ArrayList<>(stack);
        java.util.Collections.reverse(chain);
        chain.add(real);
        String shown = chain.size() <= 8 ? chain.stream().map(this::display).collect(Collectors.joining(" -> "))
                : Stream.concat(chain.subList(0, 4).stream().map(this::display), Stream.concat(Stream.of("…"),
                        chain.subList(chain.size() - 3, chain.size()).stream().map(this::display)))
                        .collect(Collectors.joining(" -> "));
        errors.at(includedBy, "includes nest more than " + ConfigLimits.MAX_INCLUDE_DEPTH + " files deep: " + shown,
                "at most " + ConfigLimits.MAX_INCLUDE_DEPTH + " levels of include (include the files from one place instead)");
        return true;
    }

    private boolean tooMany(RawEntry includedBy) {
        if (errors.filesRead() < ConfigLimits.MAX_FILES) {
            return false;
        }
        if (!filesReported) {
            filesReported = true;
            errors.at(includedBy, "more than " + ConfigLimits.MAX_FILES + " config files are included",
                    "at most " + ConfigLimits.MAX_FILES + " files");
        }
        return true;
    }

    private void rejectDaemonKeysInInclude(RawSection s) {
        for (RawEntry e : s.entries().values()) {
            if (KnownKeys.INCLUDE_KEYS.contains(e.key())) {
                continue;
            }
            if (e.origin() != null && !e.writtenSection().equals(KnownKeys.DAEMON_SECTION)) {
                // [supervisord], [unix_http_server], [circus]...: named as written, not as the [jsuperd] key it became
                errors.add(new ConfigError(e.file(), e.line(), e.writtenSection(), e.writtenKey(), "[" + e.writtenSection()
                        + "] in an included file: jsuperd reads daemon settings from the main config file only",
                        "[" + e.writtenSection() + "] in the main config file " + display(baseDir) + "/"));
            } else {
                errors.at(e, "only include and include_dir may be set in an included file's [jsuperd]",
                        "daemon settings in the main config file " + display(baseDir) + "/");
            }
        }
    }

    private List<Target> includeTargets(RawSection s) {
        List<Target> targets = new ArrayList<>();
        RawEntry include = s.get("include");
        if (include != null) {
            for (String token : expand(include).split("\\s+")) {
                if (!token.isEmpty()) {
                    remember(include, globOrFile(token, include), targets);
                }
            }
        }
        RawEntry dir = s.get("include_dir");
        if (dir != null) {
            for (String token : expand(dir).split("\\s+")) {
                if (!token.isEmpty()) {
                    remember(dir, iniFilesIn(token, dir), targets);
                }
            }
        }
        return targets;
    }

    private static void remember(RawEntry entry, List<Path> found, List<Target> targets) {
        for (Path p : found) {
            targets.add(new Target(p, entry));
        }
    }

    private String expand(RawEntry e) {
        try {
            return interpolator.expand(e.value(), e, false);
        } catch (InvalidValueException ex) {
            errors.at(e, ex.found(), ex.allowed());
            return "";
        }
    }

    private List<Path> globOrFile(String token, RawEntry entry) {
        Path dir = entry.file().toAbsolutePath().getParent();
        Path pattern = dir.resolve(token).normalize();
        if (!hasGlob(token)) {
            if (!Files.isRegularFile(pattern)) {
                errors.at(entry, "included file " + display(pattern) + " does not exist",
                        "an existing file, or a glob such as conf.d/*.ini (which may match nothing)");
                return List.of();
            }
            return List.of(pattern);
        }
        return expandGlob(dir, Path.of(token), entry);
    }

    private List<Path> expandGlob(Path dir, Path token, RawEntry entry) {
        // Only what the user wrote is a pattern: glob characters in the including file's own
        // directory name (e.g. a temp dir) are literal.
        Path base = token.isAbsolute() ? token.getRoot() : dir;
        Path rest = null;
        boolean recursive = false;
        for (Path part : token) {
            if (rest == null && !hasGlob(part.toString())) {
                base = base.resolve(part);
            } else {
                rest = rest == null ? part : rest.resolve(part);
                recursive |= part.toString().contains("**");
            }
        }
        base = base.normalize();
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + rest);
        Path walkBase = base;
        int depth = rest.getNameCount();
        errors.dirListed(base); // also when it does not exist yet: its appearance changes the config
        if (!Files.isDirectory(base)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(base, recursive ? Integer.MAX_VALUE : depth)) {
            List<Path> seen = walk.collect(Collectors.toList());
            seen.stream().filter(Files::isDirectory).forEach(errors::dirListed);
            return seen.stream().filter(Files::isRegularFile).filter(p -> matcher.matches(walkBase.relativize(p)))
                    .sorted().collect(Collectors.toList());
        } catch (IOException | java.io.UncheckedIOException e) {
            errors.at(entry, "cannot list " + display(base) + ": " + e.getMessage(), "a readable directory");
            return List.of();
        }
    }

    private List<Path> iniFilesIn(String token, RawEntry entry) {
        Path dir = entry.file().toAbsolutePath().getParent().resolve(token).normalize();
        errors.dirListed(dir);
        if (!Files.isDirectory(dir)) {
            errors.at(entry, "include_dir " + display(dir) + " is not a directory", "an existing directory");
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(p -> p.getFileName().toString().endsWith(".ini"))
                    .filter(Files::isRegularFile).sorted().collect(Collectors.toList());
        } catch (IOException | java.io.UncheckedIOException e) {
            errors.at(entry, "cannot list " + display(dir) + ": " + e.getMessage(), "a readable directory");
            return List.of();
        }
    }

    private static boolean hasGlob(String s) {
        return s.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
    }

    private static Path realPath(Path file) {
        try {
            return file.toRealPath();
        } catch (IOException e) {
            return file.toAbsolutePath().normalize();
        }
    }

    private String display(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        Path base = realPath(baseDir);
        if (abs.startsWith(base) && !abs.equals(base)) {
            return base.relativize(abs).toString();
        }
        if (abs.startsWith(baseDir) && !abs.equals(baseDir)) {
            return baseDir.relativize(abs).toString();
        }
        return abs.toString();
    }
}
