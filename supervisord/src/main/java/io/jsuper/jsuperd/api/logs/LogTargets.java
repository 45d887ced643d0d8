package io.jsuper.jsuperd.api.logs;

import io.jsuper.jsuperd.api.ApiException;
import io.jsuper.jsuperd.config.JsuperConfig;
import io.jsuper.jsuperd.config.StreamConfig;
import io.jsuper.jsuperd.config.WatcherConfig;
import io.jsuper.jsuperd.core.ErrorCode;
import io.jsuper.jsuperd.logs.LineStamps;
import io.jsuper.jsuperd.logs.LogFileSet;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns {@code web} or {@code web:1} and a stream name into the watcher's own log files, from the config in
 * force. Nothing else can be named: the files are derived from the config, never from the request.
 */
public final class LogTargets {
    private LogTargets() {
    }

    public static List<LogTarget> of(JsuperConfig config, String name, String stream) {
        String watcherName = name;
        int wid = -1;
        int colon = name.lastIndexOf(':');
        if (colon > 0) {
            watcherName = name.substring(0, colon);
            try {
                wid = Integer.parseInt(name.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new ApiException(ErrorCode.BAD_NAME, "no such process: " + name + " (use NAME or NAME:WID)");
            }
        }
        WatcherConfig w = config.watchers().get(watcherName);
        if (w == null) {
            throw new ApiException(ErrorCode.BAD_NAME, "no such watcher: " + watcherName);
        }
        if (colon > 0 && (wid < 1 || wid > w.numprocesses())) {
            throw new ApiException(ErrorCode.BAD_NAME, "no such process: " + name + " (" + watcherName + " has wids 1.."
                    + w.numprocesses() + ")");
        }
        if (stream.equals("stderr") && w.redirectStderr()) {
            throw new ApiException(ErrorCode.BAD_REQUEST, watcherName
                    + " has redirect_stderr = true: its stderr is in the stdout log (use stream=stdout)");
        }
        StreamConfig sc = stream.equals("stderr") ? w.stderr() : w.stdout();
        if (sc.console() != null) {
            // No file: tail, grep and follow answer nothing, clear empties nothing (not a stale file at the default path).
            return List.of();
        }
        Path logdir = config.daemon().logdir();
        List<LogTarget> out = new ArrayList<>();
        int first = wid < 0 ? 1 : wid;
        int last = wid < 0 ? w.numprocesses() : wid;
        java.util.Set<Path> seen = new java.util.HashSet<>();
        LineStamps stamps = LineStamps.of(sc.timeFormat(), ZoneId.systemDefault()); // the zone the stamps are written in
        for (int i = first; i <= last; i++) {
            Path file = sc.fileFor(logdir, watcherName, i, stream);
            if (seen.add(file.toAbsolutePath().normalize())) { // processes sharing one file (no $(circus.wid)) read it once
                out.add(new LogTarget(watcherName + ":" + i, new LogFileSet(file), stamps));
            }
        }
        return out;
    }

    /** The daemon's own log file (only {@code stream=stdout}: it has one). */
    public static List<LogTarget> daemon(JsuperConfig config, String stream) {
        if (!stream.equals("stdout")) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "the daemon's log has one stream: use stream=stdout or leave it out");
        }
        Path file = config.daemon().logfile().orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND,
                "jsuperd logs to the console only: set logfile in [jsuperd] to read its log here"));
        return List.of(new LogTarget("jsuperd", new LogFileSet(file)));
    }
}
