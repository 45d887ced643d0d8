package io.jsuper.jsuperd.events.listener;

/**
 * Where UTF-8 text may be cut without splitting a character: PROCESS_LOG events carry whole characters, so that
 * their {@code len:} (characters, as supervisord counts) matches what a Python listener reads. Bytes that are not
 * UTF-8 are cut anywhere (a lone lead byte is held back at most once, then goes out as it is).
 */
final class Utf8Boundary {
    private Utf8Boundary() {
    }

    /** The largest {@code cut <= limit} (and {@code > from}, if there is one) not inside a character of {@code b}. */
    static int before(byte[] b, int from, int limit) {
        for (int cut = limit, steps = 0; cut > from && steps < 4; cut--, steps++) {
            if (cut == b.length || !continuation(b[cut])) {
                return cut;
            }
        }
        return limit; // no boundary within a character's length: not UTF-8 here
    }

    /**
     * The end of the complete characters of {@code b}: {@code b.length}, or the start of a last character whose
     * remaining bytes have not arrived yet.
     */
    static int completeEnd(byte[] b) {
        for (int i = b.length - 1, steps = 0; i >= 0 && steps < 4; i--, steps++) {
            int need = length(b[i]);
            if (need > 0) {
                return b.length - i < need ? i : b.length;
            }
            if (!continuation(b[i])) {
                return b.length;
            }
        }
        return b.length;
    }

    private static boolean continuation(byte x) {
        return (x & 0xC0) == 0x80;
    }

    /** The length of the character a lead byte starts (2 to 4), or 0 for ASCII and continuation bytes. */
    private static int length(byte x) {
        int u = x & 0xFF;
        return u >= 0xF0 && u < 0xF8 ? 4 : u >= 0xE0 ? (u < 0xF0 ? 3 : 0) : u >= 0xC0 ? 2 : 0;
    }
}
