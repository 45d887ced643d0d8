package io.jsuper.jsuperd.config;

/** A converter's refusal: what was found and what would have been accepted. */
final class InvalidValueException extends RuntimeException {

    private final String found;
    private final String allowed;

    InvalidValueException(String found, String allowed) {
        super(found + " (expected " + allowed + ")", null, false, false);
        this.found = found;
        this.allowed = allowed;
    }

    String found() {
        return found;
    }

    String allowed() {
        return allowed;
    }
}
