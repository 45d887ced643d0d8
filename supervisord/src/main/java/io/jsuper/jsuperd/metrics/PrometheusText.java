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

    private final StringBuilder out;
    private final boolean openMetrics;
    private final java.util.Set<String> families = new java.util.HashSet<>();

    /** The Prometheus text format. */
    public PrometheusText() {
        this(false, 4096);
    }

    /** {@code openMetrics}: OpenMetrics 1.0 text instead; {@code capacity}: expected size in chars. */
    public PrometheusText(boolean openMetrics, int capacity) {
        this.openMetrics = openMetrics;
        this.out = new StringBuilder(capacity);
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
        out.append("# HELP ").append(family).append(' ').append(help.replace("\\", "\\\\").replace("\n", "\\n"))
                .append('\n').append("# TYPE ").append(family).append(' ').append(kind).append('\n');
        return this;
    }

    /** One sample; {@code labels} alternate name, value. */
    public PrometheusText sample(String name, double value, String... labels) {
        out.append(name);
        if (labels.length > 0) {
            out.append('{');
            for (int i = 0; i + 1 < labels.length; i += 2) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(labels[i]).append("=\"").append(escape(labels[i + 1])).append('"');
            }
            out.append('}');
        }
        out.append(' ').append(format(value)).append('\n');
        return this;
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
        return Double.toString(v); // Go's ParseFloat (Prometheus) reads "2.5" and "1.0E-7" alike
    }

    @Override
    public String toString() {
        return openMetrics ? out + "# EOF\n" : out.toString();
    }
}
