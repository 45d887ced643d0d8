package io.jsuper.jsuperd.os.jna;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

import java.util.Map;

/**
 * The daemon's own RLIMIT_NOFILE: raised at start (soft up to hard, like supervisord's {@code minfds};
 * as root, the hard limit too when {@code minfds} asks for more). Kept apart from {@link LibC} so that it
 * can change without touching the shared binding.
 */
public final class OpenFileLimit {

    /** getrlimit/setrlimit only. */
    interface Calls extends Library {
        Calls INSTANCE = Native.load("c", Calls.class, Map.of(Library.OPTION_STRING_ENCODING, "UTF-8"));

        int getrlimit(int resource, Pointer rlim);

        int setrlimit(int resource, Pointer rlim);
    }

    private static final int RLIMIT_NOFILE = 7;
    private static final long RLIM_INFINITY = -1L;

    /** The limits after raising: {@code soft} is what the daemon may open. */
    public record Limits(long soft, long hard) {
    }

    private OpenFileLimit() {
    }

    /** Raises the soft limit to the hard one, and both to {@code minfds} when above and permitted. */
    public static Limits raise(long minfds) {
        Limits now = current();
        long wantHard = Math.max(now.hard(), minfds);
        if (wantHard > now.hard() && set(wantHard, wantHard)) { // needs CAP_SYS_RESOURCE
            return current();
        }
        if (now.soft() < now.hard()) {
            set(now.hard(), now.hard());
        }
        return current();
    }

    public static Limits current() {
        try (Memory m = new Memory(16)) {
            if (Calls.INSTANCE.getrlimit(RLIMIT_NOFILE, m) != 0) {
                return new Limits(Long.MAX_VALUE, Long.MAX_VALUE); // cannot tell: do not refuse on a guess
            }
            return new Limits(unlimited(m.getLong(0)), unlimited(m.getLong(8)));
        }
    }

    private static boolean set(long soft, long hard) {
        try (Memory m = new Memory(16)) {
            m.setLong(0, soft);
            m.setLong(8, hard);
            return Calls.INSTANCE.setrlimit(RLIMIT_NOFILE, m) == 0;
        }
    }

    private static long unlimited(long v) {
        return v == RLIM_INFINITY ? Long.MAX_VALUE : v;
    }
}
