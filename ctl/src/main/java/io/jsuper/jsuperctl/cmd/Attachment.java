package io.jsuper.jsuperctl.cmd;

import io.jsuper.jsuperctl.ApiClient;
import io.jsuper.jsuperctl.CtlException;
import io.jsuper.jsuperctl.ExitCodes;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One {@code fg} session: follows a process's stdout and stderr (two follow connections, stderr on its own
 * thread) until Ctrl-C, which closes both connections and ends the session with 130 (as {@code tail -f});
 * the daemon just drops its followers, the process is not touched. A stream the daemon ends (shut down) ends
 * the session with exit 1. SIGINT is taken over only while attached, and handed back afterwards, so that in
 * the shell Ctrl-C detaches and returns to the prompt.
 */
final class Attachment {
    static final int DETACHED = 130;

    private final ApiClient client;
    private final String name;
    private final int lines;
    private final List<InputStream> open = new CopyOnWriteArrayList<>();
    private final AtomicBoolean detached = new AtomicBoolean();

    Attachment(ApiClient client, String name, int lines) {
        this.client = client;
        this.name = name;
        this.lines = lines;
    }

    /** An unknown name is exit 4; nothing RUNNING (or STARTING) under it is a failure, as in supervisorctl. */
    void requireRunning() {
        List<Map<String, Object>> processes = client.get("/services/" + ApiClient.segment(name)).orFail().services();
        for (Map<String, Object> p : processes) {
            Object state = p.get("state");
            if ("RUNNING".equals(state) || "STARTING".equals(state)) {
                return;
            }
        }
        throw new CtlException(ExitCodes.FAILED, name + " is not running (jsuperctl start " + name + " first)");
    }

    int run() {
        SignalHandler previous = Signal.handle(new Signal("INT"), sig -> detach());
        try {
            AtomicReference<CtlException> stderrEnd = new AtomicReference<>();
            Thread stderr = new Thread(() -> stderrEnd.set(copy("stderr", new FileOutputStream(FileDescriptor.err))),
                    "jsuperctl-fg-stderr");
            stderr.setDaemon(true);
            stderr.start();
            CtlException stdoutEnd = copy("stdout", new FileOutputStream(FileDescriptor.out));
            if (detached.get()) {
                return DETACHED;
            }
            detach(); // stdout ended (daemon gone): end stderr too, report why
            throw stdoutEnd != null ? stdoutEnd : stderrEnd.get();
        } finally {
            Signal.handle(new Signal("INT"), previous);
        }
    }

    /** Copies one stream until it ends; returns why it ended, or null when it was not followed at all. */
    private CtlException copy(String stream, OutputStream out) {
        String path = LogQueryString.base(name) + "?stream=" + stream + "&lines=" + lines + "&follow=true";
        try {
            LogStreamReader.follow(client, path, out, in -> {
                open.add(in);
                if (detached.get()) {
                    close(in);
                }
            });
            return new CtlException(ExitCodes.FAILED, "the log stream ended");
        } catch (CtlException e) {
            if (stream.equals("stderr") && e.getMessage().contains("redirect_stderr")) {
                return null; // stderr goes to the stdout file: its lines come with stdout
            }
            return e;
        }
    }

    private void detach() {
        detached.set(true);
        open.forEach(Attachment::close);
    }

    private static void close(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // closing is all we want; a broken stream is closed too
        }
    }
}
