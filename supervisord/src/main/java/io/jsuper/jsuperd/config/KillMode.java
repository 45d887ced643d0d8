package io.jsuper.jsuperd.config;

/**
 * What is killed when a watcher's main process exits ({@code kill_mode}, named after systemd's
 * {@code KillMode=}): after a stop, everything it left behind is always killed; after a crash,
 * {@link #CONTROL_GROUP} kills what it left too and {@link #PROCESS} leaves it running.
 */
public enum KillMode {
    CONTROL_GROUP("control-group"),
    PROCESS("process");

    private final String configName;

    KillMode(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    static KillMode parse(String text) {
        for (KillMode m : values()) {
            if (m.configName.equalsIgnoreCase(text.strip())) {
                return m;
            }
        }
        throw new InvalidValueException(Converters.quote(text) + " is not a kill mode", "control-group or process");
    }
}
