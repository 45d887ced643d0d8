package io.jsuper.jsuperd.containment;

/** A process cannot be contained as configured (its cgroup cannot be created…); the spawn fails with this reason. */
public final class ContainmentException extends RuntimeException {
    public ContainmentException(String message) {
        super(message);
    }
}
