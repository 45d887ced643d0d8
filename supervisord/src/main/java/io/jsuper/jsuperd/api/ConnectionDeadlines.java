package io.jsuper.jsuperd.api;

import io.jsuper.jsuperd.config.ConnectionLimits;
import io.jsuper.jsuperd.core.ErrorCode;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.concurrent.TimeUnit;

/**
 * The clocks of one connection, in front of the HTTP codec so that it sees raw bytes:
 * <ul>
 * <li>idle: waiting for a request with nothing received closes after {@code idle_timeout};</li>
 * <li>request: from the first byte of a request, head and body must be complete within
 *     {@code request_timeout}; a dripped byte does not reset it (slowloris) and the client gets a 408;</li>
 * <li>write: a client that leaves answers unread, so that the channel stays unwritable, is closed after
 *     {@code write_timeout}.</li>
 * </ul>
 * {@link ApiHandler} says when it waits for a request and when one has arrived; all calls run on the
 * channel's event loop.
 */
final class ConnectionDeadlines extends ChannelDuplexHandler {
    private static final CannedReply TOO_SLOW = new CannedReply(ErrorCode.REQUEST_TIMEOUT, "Request Timeout",
            "request not complete in time");

    private enum Phase { BUSY, IDLE, RECEIVING }

    private final ConnectionLimits limits;
    private final ClientErrorLog errors;
    private ChannelHandlerContext ctx;
    private Phase phase = Phase.BUSY;
    private ScheduledFuture<?> phaseTimer;
    private long timerAt;
    private long phaseDeadline;
    private Runnable phaseAction;
    private ScheduledFuture<?> writeTimer;

    ConnectionDeadlines(ConnectionLimits limits, ClientErrorLog errors) {
        this.limits = limits;
        this.errors = errors;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /** The handler is ready for the next request and nothing is in flight: the idle clock runs. */
    void awaitingRequest() {

        if (phase == Phase.IDLE || !ctx.channel().isActive()) {
            return;
        }
        phase = Phase.IDLE;
        arm(limits.idleTimeout().toNanos(), () -> ctx.close());
    }

    /** A complete request arrived: no clock runs while it is handled (the command has its own timeout). */
    void requestReceived() {
        phase = Phase.BUSY;
        cancelPhaseTimer();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (phase == Phase.IDLE && msg instanceof ByteBuf buf && buf.isReadable()) {
            phase = Phase.RECEIVING;
            arm(limits.requestTimeout().toNanos(), this::requestTooSlow);
        }
        ctx.fireChannelRead(msg);
    }

    private void requestTooSlow() {
        errors.note("408 request not complete within " + limits.requestTimeout().toMillis() + " ms from "
                + ctx.channel().remoteAddress());
        TOO_SLOW.sendAndClose(ctx, true);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (ctx.channel().isWritable()) {
            cancelWriteTimer();
        } else if (writeTimer == null) {
            writeTimer = ctx.executor().schedule(() -> {
                errors.note("closing a connection that left its answers unread for "
                        + limits.writeTimeout().toMillis() + " ms: " + ctx.channel().remoteAddress());
                ctx.close();
            }, limits.writeTimeout().toNanos(), TimeUnit.NANOSECONDS);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        stopTimers();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        stopTimers();
    }

    /**
     * Sets the phase deadline. Requests come and go far more often than timeouts fire, so the timer is not
     * rescheduled per request: it fires at the earliest deadline set, and re-arms itself if the deadline
     * moved on (the technique of Netty's IdleStateHandler).
     */
    private void arm(long nanos, Runnable action) {
        long now = System.nanoTime();
        phaseDeadline = now + nanos;
        phaseAction = action;
        if (phaseTimer != null && timerAt - phaseDeadline > 0) {
            phaseTimer.cancel(false);
            phaseTimer = null;
        }
        if (phaseTimer == null) {
            schedulePhaseCheck(nanos, now);
        }
    }

    private void schedulePhaseCheck(long nanos, long now) {
        timerAt = now + nanos;
        phaseTimer = ctx.executor().schedule(this::phaseCheck, nanos, TimeUnit.NANOSECONDS);
    }

    private void phaseCheck() {
        phaseTimer = null;
        if (phaseAction == null || !ctx.channel().isActive()) {
            return;
        }
        long now = System.nanoTime();
        long left = phaseDeadline - now;
        if (left > 0) {
            schedulePhaseCheck(left, now);
            return;
        }
        Runnable action = phaseAction;
        phaseAction = null;
        action.run();
    }

    /** No deadline any more; a pending check finds nothing to do (cheaper than cancelling it). */
    private void cancelPhaseTimer() {
        phaseAction = null;
    }

    private void stopTimers() {
        phaseAction = null;
        if (phaseTimer != null) {
            phaseTimer.cancel(false);
            phaseTimer = null;
        }
        cancelWriteTimer();
    }

    private void cancelWriteTimer() {
        if (writeTimer != null) {
            writeTimer.cancel(false);
            writeTimer = null;
        }
    }
}
