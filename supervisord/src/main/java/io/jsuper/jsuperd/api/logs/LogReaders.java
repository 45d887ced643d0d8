package io.jsuper.jsuperd.api.logs;

import io.jsuper.jsuperd.api.ApiException;
import io.jsuper.jsuperd.api.StreamingBody;
import io.jsuper.jsuperd.core.ErrorCode;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The threads that read log files: two for tail and grep (a few more requests may queue, the rest get
 * 503 OVERLOADED), one that runs every follower ({@link FollowStream}: jsuper's {@code follow=true} and
 * supervisord's {@code /logtail} alike, {@link #MAX_FOLLOWERS} in all). None of them is the supervisor loop,
 * the output thread or a Netty event loop, so a slow disk or a long grep delays only other log reads.
 */
public final class LogReaders {
    static final int READ_THREADS = 2;
    static final int READ_QUEUE = 8;
    public static final int MAX_FOLLOWERS = 64;

    /** Shared by the log commands of one daemon (threads are created on first use, as daemons). */
    public static final LogReaders SHARED = new LogReaders();

    private final ThreadPoolExecutor reads = new ThreadPoolExecutor(READ_THREADS, READ_THREADS, 30, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(READ_QUEUE), named("jsuperd-log-read"));
    private final ScheduledExecutorService follow = Executors.newSingleThreadScheduledExecutor(named("jsuperd-log-follow"));
    private final AtomicInteger followers = new AtomicInteger();

    private LogReaders() {
        reads.allowCoreThreadTimeOut(true);
    }

    private static java.util.concurrent.ThreadFactory named(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** Runs a read off the event loop; OVERLOADED when too many are waiting. */
    public <T> CompletableFuture<T> read(Supplier<T> work) {
        try {
            return CompletableFuture.supplyAsync(work, reads);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new ApiException(ErrorCode.OVERLOADED,
                    "too many log reads in progress; try again later", Map.of("Retry-After", "1")));
        }
    }

    /**
     * A follow stream of {@code targets} rendered by {@code rendering}; takes a follower slot (released when the
     * stream ends), OVERLOADED when all are taken.
     */
    public StreamingBody follow(List<LogTarget> targets, FollowRendering rendering) {
        acquireFollower();
        return new FollowStream(this, targets, rendering);
    }

    ScheduledExecutorService followThread() {
        return follow;
    }

    /** Takes a follower slot; OVERLOADED when {@link #MAX_FOLLOWERS} are attached. */
    void acquireFollower() {
        if (followers.incrementAndGet() > MAX_FOLLOWERS) {
            followers.decrementAndGet();
            throw new ApiException(ErrorCode.OVERLOADED, "at most " + MAX_FOLLOWERS
                    + " log followers at once; close one and try again", Map.of("Retry-After", "5"));
        }
    }

    void releaseFollower() {
        followers.decrementAndGet();
    }
}
