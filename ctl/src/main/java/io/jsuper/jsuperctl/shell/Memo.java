package io.jsuper.jsuperctl.shell;

import java.util.function.Supplier;

/** A value computed once, by whichever thread asks first; the others wait for it. */
final class Memo<T> implements Supplier<T> {
    private Supplier<T> compute;
    private T value;

    Memo(Supplier<T> compute) {
        this.compute = compute;
    }

    @Override
    public synchronized T get() {
        if (compute != null) {
            value = compute.get();
            compute = null;
        }
        return value;
    }
}
