package io.jsuper.jsuperd.config;

/**
 * How jsuperd keeps track of everything its processes start ({@code [jsuperd] containment}); see
 * docs/containment.md for what each mode guarantees.
 */
public enum ContainmentMode {
    /** cgroup v2 when the daemon may create cgroups there, else {@link #PROCESS_GROUP}. */
    AUTO("auto"),
    /** cgroup v2 or refuse to start. */
    CGROUP("cgroup"),
    /** Child subreaper plus session/process-group tracking; no cgroups. */
    PROCESS_GROUP("process-group");

    private final String configName;

    ContainmentMode(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    static ContainmentMode parse(String text) {
        for (ContainmentMode m : values()) {
            if (m.configName.equalsIgnoreCase(text.strip())) {
                return m;
            }
        }
        throw new InvalidValueException(Converters.quote(text) + " is not a containment mode",
                "auto, cgroup or process-group");
    }
}
