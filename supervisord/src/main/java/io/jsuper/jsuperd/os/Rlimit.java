package io.jsuper.jsuperd.os;

import java.util.Locale;
import java.util.Optional;

/** Resource limits settable through {@code rlimit_<name>}, with Linux resource numbers. */
public enum Rlimit {
    CPU(0), FSIZE(1), DATA(2), STACK(3), CORE(4), RSS(5), NPROC(6), NOFILE(7), MEMLOCK(8), AS(9),
    LOCKS(10), SIGPENDING(11), MSGQUEUE(12), NICE(13), RTPRIO(14), RTTIME(15);

    private final int resource;

    Rlimit(int resource) {
        this.resource = resource;
    }

    public int resource() {
        return resource;
    }

    /** The name used in config keys: "nofile" for {@code rlimit_nofile}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Rlimit> ofConfigName(String name) {
        for (Rlimit r : values()) {
            if (r.configName().equals(name)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
