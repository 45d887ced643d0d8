package io.jsuper.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rewrites a test must do before it can run a real supervisord or Circus file here, and only those:
 * every command becomes a {@code sleep}, every absolute path moves under a temp dir (directories created),
 * users are dropped (they do not exist here), ports become free loopback ports, the control socket goes to
 * the temp dir, long {@code startsecs} shrink to 1 s. Everything else stays as written. Each rewrite is listed.
 */
final class CorpusRewrite {

    private static final Pattern ENTRY = Pattern.compile("^([A-Za-z0-9_.\\-]+)\\s*([=:])\\s*(.*)$");
    private static final Pattern SUPERVISORD_ENV = Pattern.compile("%\\(ENV_([A-Za-z0-9_]+)\\)s");
    private static final Pattern CIRCUS_ENV = Pattern.compile("(?:\\$\\(|\\(\\()circus\\.env\\.([A-Za-z0-9_]+)\\)",
            Pattern.CASE_INSENSITIVE);
    private static final Set<String> DIRECTORY_KEYS = Set.of("directory", "working_dir", "childlogdir", "include_dir");
    private static final Set<String> USER_KEYS = Set.of("user", "uid", "gid", "chown");

    final List<String> rewrites = new ArrayList<>();
    final Map<String, String> environment = new TreeMap<>();
    private final Path root;
    private final Path socket;

    CorpusRewrite(Path root, Path socket) {
        this.root = root;
        this.socket = socket;
    }

    /** {@code original} rewritten; {@link #rewrites} says what changed, {@link #environment} what must be set. */
    String rewrite(Path original) throws IOException {
        String text = Files.readString(original);
        placeholders(text);
        List<String> out = new ArrayList<>();
        String section = "";
        boolean skipContinuation = false;
        for (String line : text.split("\n", -1)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("[") && trimmed.contains("]")) {
                section = trimmed.substring(1, trimmed.indexOf(']')).strip().toLowerCase(Locale.ROOT);
                skipContinuation = false;
                out.add(line);
                continue;
            }
            boolean continuation = !line.isEmpty() && Character.isWhitespace(line.charAt(0)) && !trimmed.isEmpty();
            if (continuation && skipContinuation) {
                continue;
            }
            Matcher m = ENTRY.matcher(line);
            if (continuation || !m.matches()) {
                out.add(line);
                continue;
            }
            String key = m.group(1).toLowerCase(Locale.ROOT);
            String replaced = entry(section, key, m.group(3).strip());
            skipContinuation = replaced == null || !replaced.equals(m.group(3).strip());
            if (replaced != null) {
                out.add(m.group(1) + " = " + replaced);
            }
        }
        return String.join("\n", out);
    }

    /** The new value of one entry, or null to drop it. */
    private String entry(String section, String key, String value) throws IOException {
        boolean program = section.startsWith("program:") || section.startsWith("watcher:")
                || section.startsWith("fcgi-program:") || section.startsWith("eventlistener:");
        if (program && (key.equals("command") || key.equals("cmd"))) {
            note(section, key, "sleep");
            return "/bin/sleep 600";
        }
        if (program && key.equals("args")) {
            note(section, key, "dropped (the sleep has its own)");
            return null;
        }
        if (USER_KEYS.contains(key)) {
            note(section, key, "dropped (users of the original host)");
            return null;
        }
        if (section.equals("unix_http_server") && key.equals("file")) {
            return socket.toString();
        }
        if (section.equals("inet_http_server") && key.equals("port")) {
            note(section, key, "free loopback port");
            return "127.0.0.1:" + DaemonHarness.freePort();
        }
        if (section.startsWith("socket:") && key.equals("port")) {
            note(section, key, "free port");
            return Integer.toString(DaemonHarness.freePort());
        }
        if (section.startsWith("socket:") && key.equals("host")) {
            return "127.0.0.1";
        }
        if (key.equals("startsecs") && value.matches("\\d+") && Integer.parseInt(value) > 1) {
            note(section, key, "1");
            return "1";
        }
        if (section.equals("include") && key.equals("files") || key.equals("include")) {
            return reRootEach(section, key, value, false);
        }
        if (DIRECTORY_KEYS.contains(key) && !value.startsWith("/") && !value.contains("$(") && !value.contains("%(")
                && !value.isEmpty()) {
            Files.createDirectories(root.getParent().resolve(value)); // relative to the file, which is in the temp dir
            note(section, key, "created next to the file");
            return value;
        }
        if (value.startsWith("/") && !value.startsWith("/dev/") && !value.startsWith("/proc/") && pathKey(key)) {
            return reRootEach(section, key, value, DIRECTORY_KEYS.contains(key));
        }
        return value;
    }

    private static boolean pathKey(String key) {
        return DIRECTORY_KEYS.contains(key) || key.endsWith("file") || key.endsWith("logfile") || key.endsWith(".filename")
                || key.equals("path") || key.equals("logoutput");
    }

    private String reRootEach(String section, String key, String value, boolean directories) throws IOException {
        List<String> out = new ArrayList<>();
        for (String token : value.split("\\s+")) {
            if (!token.startsWith("/")) {
                out.add(token);
                continue;
            }
            Path moved = root.resolve(token.substring(1));
            Files.createDirectories(directories ? moved : moved.getParent());
            out.add(moved.toString());
        }
        note(section, key, "under the temp dir");
        return String.join(" ", out);
    }

    private void note(String section, String key, String what) {
        rewrites.add("[" + section + "] " + key + ": " + what);
    }

    /** A placeholder for each variable the file takes from its deployment (supervisord and Circus refuse unset ones too). */
    private void placeholders(String text) {
        Set<String> names = new TreeSet<>();
        for (Pattern p : List.of(SUPERVISORD_ENV, CIRCUS_ENV)) {
            Matcher m = p.matcher(text);
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        for (String name : names) {
            if (System.getenv().keySet().stream().noneMatch(k -> k.equalsIgnoreCase(name))) {
                String n = name.toLowerCase(Locale.ROOT);
                environment.put(name, n.contains("port") ? "18080" : n.matches(".*(num|count|workers|procs).*") ? "2"
                        : n.contains("user") ? "root" : root.toString());
            }
        }
    }
}
