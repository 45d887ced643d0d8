package io.jsuper.jsuperd.metrics;

/**
 * Writes the Prometheus text exposition format (version 0.0.4), or OpenMetrics 1.0 when asked: one HELP
 * and TYPE line per family, then its samples. Label values are escaped as both formats ask (backslash,
 * double quote, newline). The two differ only where this class hides it: an OpenMetrics counter family is
 * named without its {@code _total} suffix, and the text ends with {@code # EOF}.
 */
public final class PrometheusText {
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    public static final String OPENMETRICS_CONTENT_TYPE = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    /** Largest page kept: a buffer grown past it by an unusual scrape is not kept for the next. */
    static final int MAX_KEPT_BYTES = 16 << 20;

    /** The page as UTF-8, written straight into bytes: no String of megabytes, no copy to encode it. */
    private byte[] out;
    private int length;
    private final boolean openMetrics;
    private final java.util.Set<String> families = new java.util.HashSet<>();

    /** The Prometheus text format. */
    public PrometheusText() {
        this(false, 4096);
    }

    /** {@code openMetrics}: OpenMetrics 1.0 text instead; {@code capacity}: expected size in bytes. */
    public PrometheusText(boolean openMetrics, int capacity) {
        this(openMetrics, new byte[Math.max(64, capacity)]);
    }

    /** Writes into {@code buffer} (kept from an earlier page, see {@link #buffer()}) while it is big enough. */
    public PrometheusText(boolean openMetrics, byte[] buffer) {
        this.openMetrics = openMetrics;
        this.out = buffer.length < 64 ? new byte[64] : buffer;
    }

    /** True when an Accept header prefers OpenMetrics (what Prometheus sends when it can read it). */
    public static boolean wantsOpenMetrics(String accept) {
        return accept != null && accept.contains("application/openmetrics-text");
    }

    /** True when a family of this name and type would clash with one already written (OpenMetrics drops {@code _total}). */
    public boolean clashes(String name, String type) {
        String family = openMetrics && type.equals("counter") && name.endsWith("_total")
                ? name.substring(0, name.length() - "_total".length()) : name;
        return families.contains(family);
    }

    public String contentType() {
        return openMetrics ? OPENMETRICS_CONTENT_TYPE : CONTENT_TYPE;
    }

    /** Starts a metric family; {@code type} is counter, gauge, histogram, summary or untyped. */
    public PrometheusText family(String name, String type, String help) {
        String family = name;
        String kind = type;
        if (openMetrics && type.equals("counter") && name.endsWith("_total")) {
            family = name.substring(0, name.length() - "_total".length());
        } else if (openMetrics && type.equals("untyped")) {
            kind = "unknown";
        }
        families.add(family);
        ascii("# HELP ").ascii(family).put(' ').text(help.replace("\\", "\\\\").replace("\n", "\\n"))
                .put('\n').ascii("# TYPE ").ascii(family).put(' ').ascii(kind).put('\n');
        return this;
    }

    /** One sample; {@code labels} alternate name, value. */
    public PrometheusText sample(String name, double value, String... labels) {
        ascii(name);
        if (labels.length > 0) {
            put('{');
            labelPairs(labels);
            put('}');
        }
        put(' ');
        number(value);
        return put('\n');
    }

    /** Label pairs rendered once ({@code watcher="web",process="web:1"}) for the many samples that share them. */
    public static final class LabelSet {
        private final byte[] bytes;

        private LabelSet(byte[] bytes) {
            this.bytes = bytes;
        }
    }

    /** {@code labels} alternate name, value. */
    public static LabelSet labelSet(String... labels) {
        PrometheusText t = new PrometheusText(false, 64 + 32 * labels.length);
        t.labelPairs(labels);
        return new LabelSet(java.util.Arrays.copyOf(t.out, t.length));
    }

    /** One sample with {@code base} labels and then {@code extra} ones (name, value pairs). */
    public PrometheusText sample(String name, double value, LabelSet base, String... extra) {
        ascii(name).put('{');
        ensure(base.bytes.length);
        System.arraycopy(base.bytes, 0, out, length, base.bytes.length);
        length += base.bytes.length;
        if (extra.length > 0) {
            if (base.bytes.length > 0) {
                put(',');
            }
            labelPairs(extra);
        }
        put('}').put(' ');
        number(value);
        return put('\n');
    }

    private void labelPairs(String[] labels) {
        for (int i = 0; i + 1 < labels.length; i += 2) {
            if (i > 0) {
                put(',');
            }
            ascii(labels[i]).put('=').put('"').escaped(labels[i + 1]).put('"');
        }
    }

    static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    static String format(double v) {
        if (v == Math.rint(v) && !Double.isInfinite(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        long thousandths = Math.round(v * 1000);
        if (Math.abs(v) < 1e12 && thousandths / 1000.0 == v) {
            return millisText(thousandths); // seconds from milliseconds: exact, and no Double.toString
        }
        return Double.toString(v); // Go's ParseFloat (Prometheus) reads "2.5" and "1.0E-7" alike
    }

    /** 1234 → "1.234", 1500 → "1.5", -5 → "-0.005": the decimal that parses back to thousandths / 1000.0. */
    static String millisText(long thousandths) {
        long abs = Math.abs(thousandths);
        StringBuilder b = new StringBuilder(24);
        if (thousandths < 0) {
            b.append('-');
        }
        b.append(abs / 1000).append('.');
        long frac = abs % 1000;
        b.append((char) ('0' + frac / 100));
        if (frac % 100 != 0) {
            b.append((char) ('0' + frac / 10 % 10));
            if (frac % 10 != 0) {
                b.append((char) ('0' + frac % 10));
            }
        }
        return b.toString();
    }

    private void number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            digits((long) v);
        } else {
            ascii(format(v));
        }
    }

    private void digits(long v) {
        if (v == 0) {
            put('0');
            return;
        }
        if (v < 0) {
            put('-');
            v = -v;
        }
        ensure(20);
        int n = 0;
        for (long x = v; x > 0; x /= 10) {
            n++;
        }
        for (int i = length + n - 1; i >= length; i--) {
            out[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        length += n;
    }

    private PrometheusText put(char c) {
        ensure(1);
        out[length++] = (byte) c;
        return this;
    }

    /** Names, types and numbers: ASCII by construction. */
    private PrometheusText ascii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            out[length + i] = (byte) s.charAt(i);
        }
        length += n;
        return this;
    }

    /** Any text (help, label values) as UTF-8. */
    private PrometheusText text(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                byte[] utf8 = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                ensure(utf8.length);
                System.arraycopy(utf8, 0, out, length, utf8.length);
                length += utf8.length;
                return this;
            }
        }
        return ascii(s);
    }

    /** A label value, escaped as both formats ask (backslash, double quote, newline). */
    private PrometheusText escaped(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' || c == '"' || c == '\n') {
                return text(escape(value));
            }
        }
        return text(value);
    }

    private void ensure(int more) {
        if (length + more > out.length) {
            out = java.util.Arrays.copyOf(out, Math.max(out.length * 2, length + more));
        }
    }

    /** Bytes written so far (without OpenMetrics' closing {@code # EOF}). */
    public int size() {
        return length;
    }

    /** The whole page (with OpenMetrics' closing {@code # EOF}) as one array of its exact size. */
    public byte[] toBytes() {
        byte[] page = java.util.Arrays.copyOf(out, length + (openMetrics ? EOF.length : 0));
        if (openMetrics) {
            System.arraycopy(EOF, 0, page, length, EOF.length);
        }
        return page;
    }

    /** The buffer written into, to be passed to the next page's constructor (null when it grew too big to keep). */
    public byte[] buffer() {
        return out.length > MAX_KEPT_BYTES ? null : out;
    }

    private static final byte[] EOF = "# EOF\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    @Override
    public String toString() {
        return new String(toBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
}
