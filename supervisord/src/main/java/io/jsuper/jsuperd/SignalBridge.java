package io.jsuper.jsuperd;

import io.jsuper.jsuperd.os.jna.LibC;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Turns the daemon's OS signals into the same commands the API sends: TERM/INT → shutdown,
 * HUP → reload config, USR2 → reopen output files. Handlers only enqueue work.
 */
final class SignalBridge {
    private static final Logger log = LoggerFactory.getLogger(SignalBridge.class);

    interface Commands {
        void shutdown();

        void reloadConfig();

        void reopenLogs();
    }

    private SignalBridge() {
    }

    static void install(Commands commands) {
        IgnoredSignals ignored = IgnoredSignals.ofThisProcess();
        for (String name : new String[] {"TERM", "INT", "HUP", "USR2"}) {
            restoreIfIgnored(ignored, name);
        }
        handle("TERM", commands::shutdown);
        handle("INT", commands::shutdown);
        handle("HUP", commands::reloadConfig);
        handle("USR2", commands::reopenLogs);
    }

    /**
     * {@code nohup jsuperd} or {@code jsuperd &} from a script starts the daemon with HUP or INT ignored; the JVM
     * would then install no handler and drop every such signal without a word. jsuperd's meaning of the signal
     * is what its operator asks for, so the inherited SIG_IGN is reset (and said) before the handler goes in.
     */
    private static void restoreIfIgnored(IgnoredSignals ignored, String name) {
        int number = new Signal(name).getNumber();
        if (ignored.contains(number)) {
            LibC.INSTANCE.signal(number, null);
            log.warn("SIG{} was ignored when jsuperd started (nohup, or started in the background by a script): "
                    + "restored, so that it {}", name, name.equals("HUP") ? "reloads the config"
                    : name.equals("USR2") ? "reopens the output files" : "shuts jsuperd down");
        }
    }

    private static void handle(String name, Runnable command) {
        Signal.handle(new Signal(name), sig -> {
            log.info("received SIG{}", name);
            command.run();
        });
    }
}
