package io.jsuper.jsuperd.api.logs;

import io.jsuper.jsuperd.logs.FileFollower;

import java.io.IOException;
import java.util.List;

/**
 * How a follow stream turns what its followers read into the response body: jsuper's program lines
 * ({@link ProgramLines}) or supervisord's {@code /logtail} byte stream. The engine ({@link FollowStream})
 * does the reading, pacing and bounding; a rendering only formats.
 */
public interface FollowRendering {

    /** What the body starts with, given where each target's follower starts ({@code ends[i]}, a file offset). */
    byte[] start(List<LogTarget> targets, long[] ends) throws IOException;

    /** One chunk of one target (its notes first), {@code labelled} when the stream follows several targets. */
    byte[] chunk(LogTarget target, boolean labelled, FileFollower.Chunk chunk);

    /** The last words when the stream ends on its own (an unreadable file). */
    byte[] ended(String why);
}
