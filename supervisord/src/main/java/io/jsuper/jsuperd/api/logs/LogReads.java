package io.jsuper.jsuperd.api.logs;

import io.jsuper.jsuperd.api.ApiException;
import io.jsuper.jsuperd.api.ApiReply;
import io.jsuper.jsuperd.core.ErrorCode;
import io.jsuper.jsuperd.logs.LastLines;
import io.jsuper.jsuperd.logs.LogGrep;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Answers a log request for some targets: last lines, a search, or a follow stream. */
public final class LogReads {
    /** Bytes of lines one answer may carry (the JSON adds escaping on top). */
    public static final long MAX_ANSWER_BYTES = 4L * 1024 * 1024;
    /** A search stops after this long and answers with what it found. */
    static final long GREP_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final LogReaders readers;

    public LogReads(LogReaders readers) {
        this.readers = readers;
    }

    public CompletableFuture<ApiReply> answer(String service, List<LogTarget> targets, LogQuery query) {
        if (query.follow()) {
            return CompletableFuture.completedFuture(ApiReply.ok(readers.follow(targets, new ProgramLines(query.lines()))));
        }
        if (query.grep().isPresent()) {
            LogGrep grep;
            try {
                grep = LogGrep.compile(query.grep().get(), System::nanoTime);
            } catch (IllegalArgumentException e) {
                throw new ApiException(ErrorCode.BAD_REQUEST, e.getMessage());
            }
            return readers.read(() -> grep(service, targets, query, grep));
        }
        return readers.read(() -> tail(service, targets, query));
    }

    private static ApiReply tail(String service, List<LogTarget> targets, LogQuery query) {
        List<String> lines = new ArrayList<>();
        boolean truncated = false;
        long budget = MAX_ANSWER_BYTES / Math.max(1, targets.size());
        for (LogTarget t : targets) {
            try {
                LastLines.Result r = LastLines.read(t.files().newestFirst(), query.lines(), budget, -1);
                truncated |= r.truncated();
                prefixed(lines, t, targets.size(), r.lines());
            } catch (IOException e) {
                throw unreadable(t, e);
            }
        }
        Map<String, Object> body = head(service, query);
        body.put("lines", lines);
        body.put("truncated", truncated);
        return ApiReply.ok(body);
    }

    private static ApiReply grep(String service, List<LogTarget> targets, LogQuery query, LogGrep grep) {
        List<String> lines = new ArrayList<>();
        List<String> stopped = new ArrayList<>();
        int files = 0;
        long budget = MAX_ANSWER_BYTES / Math.max(1, targets.size());
        for (LogTarget t : targets) {
            try {
                LogGrep.Result r = grep.search(t.files().newestFirst(), query.lines(), budget,
                        GREP_TIMEOUT_NANOS / targets.size(), query.since().orElse(null), t.stamps());
                files += r.filesSearched();
                if (r.stopped() != null) {
                    stopped.add(t.label() + ": " + r.stopped());
                }
                prefixed(lines, t, targets.size(), r.lines());
            } catch (IOException e) {
                throw unreadable(t, e);
            }
        }
        Map<String, Object> body = head(service, query);
        body.put("pattern", query.grep().get());
        body.put("lines", lines);
        body.put("filesSearched", files);
        body.put("complete", stopped.isEmpty());
        if (!stopped.isEmpty()) {
            body.put("stopped", String.join("; ", stopped));
        }
        return ApiReply.ok(body);
    }

    private static Map<String, Object> head(String service, LogQuery query) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", service);
        body.put("stream", query.stream());
        return body;
    }

    /** With several processes each line says whose it is: {@code [web:1] text}. */
    static void prefixed(List<String> out, LogTarget t, int count, List<String> lines) {
        if (count == 1) {
            out.addAll(lines);
            return;
        }
        String prefix = "[" + t.label() + "] ";
        for (String line : lines) {
            out.add(prefix + line);
        }
    }

    private static RuntimeException unreadable(LogTarget t, IOException e) {
        return new ApiException(ErrorCode.INTERNAL, "cannot read the log of " + t.label() + ": " + e.getMessage());
    }
}
