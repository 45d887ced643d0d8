package io.jsuper.jsuperd.api.xmlrpc;

import io.jsuper.jsuperd.api.logs.LogReaders;
import io.jsuper.jsuperd.core.SupervisorControl;
import io.jsuper.jsuperd.logs.OffsetLogRead;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * supervisord's log methods ({@code readProcessStdoutLog}, {@code tailProcessStdoutLog}, their stderr twins,
 * {@code readLog}) on {@link OffsetLogRead}, run on the log-read threads. Only the process's configured
 * current file is read: a stream that goes to the console, or stderr with {@code redirect_stderr}, has no
 * file (supervisord's NO_FILE, or an empty tail, as supervisord answers for a process without a log file).
 */
final class LogRpc {

    private final SupervisorControl control;

    LogRpc(SupervisorControl control) {
        this.control = control;
    }

    void register(Map<String, Function<XmlRpcCall, CompletableFuture<Object>>> methods) {
        methods.put("supervisor.readProcessStdoutLog", c -> read(c, "stdout"));
        methods.put("supervisor.readProcessLog", c -> read(c, "stdout")); // supervisord's alias, kept for old tools
        methods.put("supervisor.readProcessStderrLog", c -> read(c, "stderr"));
        methods.put("supervisor.tailProcessStdoutLog", c -> tail(c, "stdout"));
        methods.put("supervisor.tailProcessLog", c -> tail(c, "stdout"));
        methods.put("supervisor.tailProcessStderrLog", c -> tail(c, "stderr"));
        methods.put("supervisor.readLog", this::readMain);
        methods.put("supervisor.readMainLog", this::readMain);
    }

    private CompletableFuture<Object> read(XmlRpcCall c, String stream) {
        String spec = c.string(0);
        long offset = c.integer(1);
        long length = c.integer(2);
        return fileOf(spec, stream).thenCompose(file -> LogReaders.SHARED.read(() -> readOrFault(file, offset, length)));
    }

    private CompletableFuture<Object> tail(XmlRpcCall c, String stream) {
        String spec = c.string(0);
        long offset = c.integer(1);
        long length = c.integer(2);
        return fileOf(spec, stream).thenCompose(file -> LogReaders.SHARED.read(() -> {
            if (file == null) {
                return List.of("", 0, false);
            }
            try {
                OffsetLogRead.Tail t = OffsetLogRead.tail(file, offset, length);
                return (Object) List.of(text(t.bytes()), t.offset(), t.overflow());
            } catch (IOException e) {
                throw new XmlRpcFault(XmlRpcFault.FAILED, "FAILED", e.getMessage());
            }
        }));
    }

    private CompletableFuture<Object> readMain(XmlRpcCall c) {
        long offset = c.integer(0);
        long length = c.integer(1);
        Path file = control.config().daemon().logfile().orElse(null);
        return LogReaders.SHARED.read(() -> readOrFault(file, offset, length));
    }

    private static Object readOrFault(Path file, long offset, long length) {
        if (file == null) {
            throw new XmlRpcFault(XmlRpcFault.NO_FILE, "NO_FILE", "this log goes to no file (console or redirect_stderr)");
        }
        try {
            byte[] bytes = OffsetLogRead.read(file, offset, length);
            if (bytes == null) {
                throw new XmlRpcFault(XmlRpcFault.NO_FILE, "NO_FILE", file.toString());
            }
            return text(bytes);
        } catch (OffsetLogRead.BadArguments e) {
            throw new XmlRpcFault(XmlRpcFault.BAD_ARGUMENTS, "BAD_ARGUMENTS", e.getMessage());
        } catch (IOException e) {
            throw new XmlRpcFault(XmlRpcFault.FAILED, "FAILED", e.getMessage());
        } catch (UncheckedIOException e) {
            throw new XmlRpcFault(XmlRpcFault.FAILED, "FAILED", e.getCause().getMessage());
        }
    }

    /** The current file of {@code spec}'s stream from the config in force, or null when it has none. */
    CompletableFuture<Path> fileOf(String spec, String stream) {
        return SupervisordView.of(control).thenApply(view -> view.currentFile(view.process(spec), stream));
    }

    /** XML-RPC strings carry text: bytes cut inside a UTF-8 sequence become U+FFFD, as supervisord's decode does. */
    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
