package io.jsuper.jsuperd.api;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;

/**
 * The byte buffers of API connections: a small pool of direct memory. The daemon runs Netty unpooled (no
 * per-thread arenas for the rare other users), but then every request read, every answer's head and every
 * answer's body was a fresh direct buffer: an allocation with its own Cleaner, zeroed, freed again, and the
 * leak detector's bookkeeping, three times per {@code GET /services}. One arena of 64 KiB chunks and a small
 * cache per API thread reuse them; an answer larger than a chunk (status of thousands of processes) is
 * allocated on its own as before.
 */
final class ApiBuffers {
    private static final int PAGE_SIZE = 8192;
    /** Chunks of {@code PAGE_SIZE << MAX_ORDER} = 64 KiB. */
    private static final int MAX_ORDER = 3;
    /** Freed small and normal buffers each API thread keeps for reuse. */
    private static final int SMALL_CACHE = 64;
    private static final int NORMAL_CACHE = 16;

    /** Shared by both listeners (one arena; each event-loop thread has its own small cache). */
    static final ByteBufAllocator POOLED = new PooledByteBufAllocator(true, 0, 1, PAGE_SIZE, MAX_ORDER,
            SMALL_CACHE, NORMAL_CACHE, false);

    private ApiBuffers() {
    }
}
