package io.jsuper.jsuperd.os;

/** How a child ended: a normal exit with a code, or death by a signal (which {@code Process} cannot tell apart). */
public record ExitStatus(boolean signaled, int value, boolean coreDumped) {

    public static ExitStatus exited(int code) {
        return new ExitStatus(false, code, false);
    }

    public static ExitStatus killed(int signal, boolean coreDumped) {
        return new ExitStatus(true, signal, coreDumped);
    }

    /** The exit code, or -1 when killed by a signal. */
    public int exitCode() {
        return signaled ? -1 : value;
    }

    @Override
    public String toString() {
        if (!signaled) {
            return "exit " + value;
        }
        String name = Signal.ofNumber(value).map(Signal::fullName).orElse("signal " + value);
        return name + (coreDumped ? " (core dumped)" : "");
    }
}
