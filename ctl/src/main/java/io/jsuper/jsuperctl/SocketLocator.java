package io.jsuper.jsuperctl;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the daemon's socket is: {@code --socket}, else {@code socket =} in the {@code [jsuperd]} section of
 * {@code -c FILE}, else {@code $JSUPER_SOCKET}, else {@code ./jsuperd.sock} if it exists, else the system path.
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
            if (fromConfig != null) {
                return fromConfig;
            }
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
     * client); a relative path is taken against the config file's directory, like the daemon does.
     * Returns null when the file has no such key.
     */
    public static Path socketFromConfig(Path configFile) {
        String inSection = null;
        Path found = null; // like ini4j, the last key wins and repeated sections merge
        try (BufferedReader r = Files.newBufferedReader(configFile, StandardCharsets.UTF_8)) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String t = line.trim();
                if (t.isEmpty() || t.startsWith(";") || t.startsWith("#")) {
                    continue;
                }
                if (t.startsWith("[") && t.endsWith("]")) {
                    inSection = t.substring(1, t.length() - 1).trim();
                    continue;
                }
                int eq = t.indexOf('=');
                if ("jsuperd".equals(inSection) && eq > 0 && t.substring(0, eq).trim().equals("socket")) {
                    String value = t.substring(eq + 1).trim();
                    Path p = Path.of(value);
                    Path dir = configFile.toAbsolutePath().getParent();
                    found = value.isEmpty() ? null : p.isAbsolute() || dir == null ? p : dir.resolve(p).normalize();
                }
            }
        } catch (IOException e) {
            throw new CtlException(ExitCodes.USAGE, "cannot read config " + configFile + ": " + e.getMessage());
        }
        return found;
    }
}
