package io.jsuper.jsuperd;

/**
 * The version of jsuper: the jar manifest's Implementation-Version, {@link #FALLBACK} when run from classes.
 * The one source for {@code jsuperd --version}, the start-up log line and {@code GET /version}.
 */
public final class Version {
    /** Shown when no manifest says otherwise (tests running from target/classes). */
    public static final String FALLBACK = "0.1.0-dev";
    private static final String CURRENT = lookup();

    private Version() {
    }

    public static String current() {
        return CURRENT;
    }

    private static String lookup() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null || v.isBlank() ? FALLBACK : v;
    }
}
