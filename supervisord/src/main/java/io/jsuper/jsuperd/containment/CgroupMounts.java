package io.jsuper.jsuperd.containment;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Finds the cgroup v2 hierarchy and the daemon's place in it, from /proc/self/mountinfo and /proc/self/cgroup. */
public final class CgroupMounts {

    private CgroupMounts() {
    }

    /**
     * The mount point of the cgroup v2 hierarchy ({@code /sys/fs/cgroup} on unified hosts,
     * {@code /sys/fs/cgroup/unified} on hybrid ones). A mountinfo line is
     * {@code ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [OPTIONAL...] - FSTYPE SOURCE SUPEROPTIONS};
     * only mounts of the hierarchy's root ({@code ROOT = /}) count, the first one wins.
     */
    public static Optional<Path> v2Mount(List<String> mountinfo) {
        for (String line : mountinfo) {
            String[] f = line.split(" ");
            int dash = List.of(f).indexOf("-");
            if (dash < 6 || dash + 1 >= f.length || !f[dash + 1].equals("cgroup2") || !f[3].equals("/")) {
                continue;
            }
            return Optional.of(Path.of(unescape(f[4])));
        }
        return Optional.empty();
    }

    /** The daemon's cgroup v2 path from /proc/self/cgroup (the {@code 0::/path} line), e.g. "/" or "/system.slice/x.service". */
    public static Optional<String> v2Path(List<String> procSelfCgroup) {
        for (String line : procSelfCgroup) {
            if (line.startsWith("0::")) {
                String path = line.substring(3).strip();
                return path.startsWith("/") ? Optional.of(path) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** mountinfo escapes space, tab, newline and backslash as octal ({@code \040}). */
    static String unescape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && isOctal(s, i + 1)) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static boolean isOctal(String s, int from) {
        if (from + 3 > s.length()) {
            return false;
        }
        for (int i = from; i < from + 3; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '7') {
                return false;
            }
        }
        return true;
    }
}
