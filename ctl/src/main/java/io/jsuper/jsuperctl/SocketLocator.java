package io.jsuper.jsuperctl;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the daemon's socket is: {@code --socket}, else {@code socket =} in the {@code [jsuperd]} section of
 * {@code -c FILE} (in a supervisord file, {@code file =} of {@code [unix_http_server]}), else {@code $JSUPER_SOCKET}, else {@code ./jsuperd.sock} if it exists, else the system path.
 */
public final class SocketLocator {
    public static final Path SYSTEM_SOCKET = Path.of("/run/jsuper/jsuperd.sock");
    public static final Path LOCAL_SOCKET = Path.of("jsuperd.sock");

    private SocketLocator() {
    }

    public static Path locate(Path socketOption, Path configFile, Map<String, String> env) {
        if (socketOption != null) {
            return socketOption;
        }
        if (configFile != null) {
            Path fromConfig = socketFromConfig(configFile);
            // Without socket = the daemon listens on its default, next to the config file (docs/configuration.md).
            return fromConfig != null ? fromConfig : configFile.toAbsolutePath().getParent().resolve("jsuperd.sock");
        }
        String fromEnv = env.get("JSUPER_SOCKET");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv);
        }
        if (Files.exists(LOCAL_SOCKET)) {
            return LOCAL_SOCKET.toAbsolutePath();
        }
        return SYSTEM_SOCKET;
    }

    /**
     * Reads {@code socket = …} from the {@code [jsuperd]} section with a tiny hand parser (no ini4j in the
     * client) that follows the daemon's rules for that one value (docs/configuration.md): {@code key = value}
     * or {@code key: value}, inline comments starting with {@code ;} or {@code #} after whitespace,
     * {@code %(here)s}, {@code %(ENV_NAME)s}, {@code $(circus.env.NAME)} and {@code %%}. A relative path is
     * taken against the config file's directory, like the daemon does. Returns null when the file has no such
     * key (or a reference the daemon would reject, which the daemon reports itself).
     */
    public static Path socketFromConfig(Path configFile) {
        return socketFromConfig(configFile, System.getenv());
    }

    static Path socketFromConfig(Path configFile, Map<String, String> env) {
        String inSection = null;
        Path found = null; // the last key wins and repeated sections merge
        Path fromSupervisord = null;
        Path dir = configFile.toAbsolutePath().getParent();
        try (BufferedReader r = Files.newBufferedReader(configFile, StandardCharsets.UTF_8)) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                String t = line.trim();
                if (t.isEmpty() || t.startsWith(";") || t.startsWith("#")) {
                    continue;
                }
                if (t.startsWith("[") && t.endsWith("]")) {
                    inSection = t.substring(1, t.length() - 1).trim();
                    continue;
                }
                int sep = firstSeparator(t);
                String key = sep > 0 ? t.substring(0, sep).trim() : "";
                boolean jsuper = "jsuperd".equals(inSection) && key.equals("socket");
                // a supervisord file: its [unix_http_server] file is where jsuperd listens (docs/compatibility.md)
                boolean supervisord = "unix_http_server".equals(inSection) && key.equals("file");
                if (jsuper || supervisord) {
                    String value = expand(stripInlineComment(t.substring(sep + 1)).trim(), dir, env);
                    Path p = value == null || value.isEmpty() ? null : Path.of(value);
                    p = p == null || p.isAbsolute() || dir == null ? p : dir.resolve(p).normalize();
                    if (jsuper) {
                        found = p;
                    } else {
                        fromSupervisord = p;
                    }
                }
            }
        } catch (IOException e) {
            String why = e instanceof java.nio.file.NoSuchFileException ? "no such file"
                    : e instanceof java.nio.file.AccessDeniedException ? "permission denied" : e.getMessage();
            throw new CtlException(ExitCodes.USAGE, "cannot read config " + configFile + ": " + why);
        }
        return found != null ? found : fromSupervisord;
    }

    /** Index of the first {@code =} or {@code :}, or -1. */
    private static int firstSeparator(String line) {
        int eq = line.indexOf('=');
        int colon = line.indexOf(':');
        if (eq < 0) {
            return colon;
        }
        return colon < 0 ? eq : Math.min(eq, colon);
    }

    /** configparser: {@code ;} or {@code #} starts a comment only when whitespace precedes it. */
    private static String stripInlineComment(String value) {
        for (int i = 1; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c == ';' || c == '#') && Character.isWhitespace(value.charAt(i - 1))) {
                return value.substring(0, i);
            }
        }
        return value;
    }

    /** The daemon's interpolation for this value; null on a reference the daemon would reject. */
    private static String expand(String text, Path dir, Map<String, String> env) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith("%%", i)) {
                out.append('%');
                i += 2;
            } else if (text.startsWith("%(", i)) {
                int end = text.indexOf(")s", i);
                if (end < 0) {
                    return null;
                }
                String name = text.substring(i + 2, end);
                String v = name.equals("here") ? (dir == null ? null : dir.toString())
                        : name.startsWith("ENV_") ? env.get(name.substring(4)) : null;
                if (v == null) {
                    return null;
                }
                out.append(v);
                i = end + 2;
            } else if (text.startsWith("$(circus.env.", i)) {
                int end = text.indexOf(')', i);
                String v = end < 0 ? null : env.get(text.substring(i + "$(circus.env.".length(), end));
                if (v == null) {
                    return null;
                }
                out.append(v);
                i = end + 1;
            } else {
                out.append(text.charAt(i));
                i++;
            }
        }
        return out.toString();
    }
}
