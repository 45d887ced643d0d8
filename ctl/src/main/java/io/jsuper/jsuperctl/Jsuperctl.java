package io.jsuper.jsuperctl;

/** Entry point of the jsuperctl client. */
public final class Jsuperctl {
    private Jsuperctl() {
    }

    public static void main(String[] args) {
        System.err.println("jsuperctl: not implemented yet");
        System.exit(4);
    }
}
