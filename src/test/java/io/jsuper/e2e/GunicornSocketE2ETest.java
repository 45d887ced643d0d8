package io.jsuper.e2e;

import java.util.Set;
import java.util.stream.Collectors;

/**
 * Base of the zero-downtime tests that run servers on a daemon-owned socket under a load loop: the report line
 * each case prints (collected into docs/zero-downtime.md), the pids of a watcher, and the gunicorn set-up that
 * cases 2 and 6 share.
 */
abstract class GunicornSocketE2ETest extends DaemonE2ETest {

    static void report(String name, LoadLoop.Result r) {
        System.out.println("[zero-downtime] " + name + ": " + r);
    }

    Set<Long> pids(String watcher) {
        return jsuperd.processesOf(watcher).stream().map(p -> p.get("pid").asLong()).collect(Collectors.toSet());
    }

    /** Debian's gunicorn (2 workers, release "0.2") on [socket:web] at {@code port}, ready by an HTTP check. */
    void startGunicornOnSocket(int port) throws Exception {
        HostTools.require("gunicorn", "gunicorn");
        SocketServers.wsgiApp(tmp.resolve("app"), "0.2");
        jsuperd = new DaemonHarness(tmp, """
                [socket:web]
                port = %d

                [watcher:web]
                cmd = /usr/bin/gunicorn --bind fd://$(circus.sockets.web) --workers 2 --graceful-timeout 10 --chdir %s app:app
                use_sockets = true
                readiness = http http://127.0.0.1:%d/
                readiness.interval = 200ms
                graceful_timeout = 15
                """.formatted(port, tmp.resolve("app"), port)).start();
        jsuperd.awaitState("web", 1, "RUNNING");
    }
}
