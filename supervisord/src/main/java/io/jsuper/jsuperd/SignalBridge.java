package io.jsuper.jsuperd;

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
        handle("TERM", commands::shutdown);
        handle("INT", commands::shutdown);
        handle("HUP", commands::reloadConfig);
        handle("USR2", commands::reopenLogs);
    }

    private static void handle(String name, Runnable command) {
        Signal.handle(new Signal(name), sig -> {
            log.info("received SIG{}", name);
            command.run();
        });
    }
}
