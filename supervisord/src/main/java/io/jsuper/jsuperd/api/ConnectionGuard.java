package io.jsuper.jsuperd.api;

import io.jsuper.jsuperd.core.ErrorCode;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * First handler of every connection of one listener: refuses a connection (503 OVERLOADED, then close) when the
 * listener already has its maximum of open connections, or when fewer than the reserve of descriptors
 * would stay free, and then stops accepting on that listener until the reserve is back ({@link AcceptPause}).
 * The unix socket may dig into three quarters of the reserve, so an operator still gets in when TCP is
 * short, and children can still be spawned.
 */
@ChannelHandler.Sharable
final class ConnectionGuard extends ChannelInboundHandlerAdapter {
    private static final CannedReply TOO_MANY = new CannedReply(ErrorCode.OVERLOADED, "Service Unavailable",
            "too many connections; try again later");
    private static final CannedReply NO_FDS = new CannedReply(ErrorCode.OVERLOADED, "Service Unavailable",
            "too few free file descriptors; try again later");

    private final Transport transport;
    private final int maxConnections;
    private final long fdReserve;
    private final FdBudget fds;
    private final ClientErrorLog errors;
    private final AcceptPause pause;
    private final AtomicInteger open = new AtomicInteger();

    private final io.jsuper.jsuperd.metrics.ApiMetrics metrics;

    ConnectionGuard(Transport transport, int maxConnections, int fdReserve, FdBudget fds, ClientErrorLog errors,
                    io.jsuper.jsuperd.metrics.ApiMetrics metrics) {
        this.metrics = metrics;
        this.transport = transport;
        this.maxConnections = maxConnections;
        // The unix socket is the operator's way in: it may dig deeper into the reserve than TCP.
        this.fdReserve = transport == Transport.UNIX ? fdReserve / 4 : fdReserve;
        this.fds = fds;
        this.errors = errors;
        this.pause = new AcceptPause(fds, this.fdReserve);
    }

    /** Whether this listener has stopped accepting until descriptors are free again. */
    boolean acceptingPaused() {
        return pause.paused();
    }

    /** Connections of this listener open right now (accepted and not yet closed, refused ones included). */
    int openConnections() {
        return open.get();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        int n = open.incrementAndGet();
        long free = fds.freeAfterAccept();
        String name = transport.name().toLowerCase(java.util.Locale.ROOT);
        metrics.connectionOpened(name);
        ctx.channel().closeFuture().addListener(f -> {
            metrics.connectionClosed(name);
            open.decrementAndGet();
            fds.closed();
        });
        if (n > maxConnections) {
            // Refused connections linger a moment (so the client reads the 503) and still count: under a flood
            // beyond twice the cap they are closed at once, so lingering never holds more than the cap again.
            refuse(ctx, TOO_MANY, n + " open connections, limit " + maxConnections, n <= 2 * maxConnections);
            return;
        }
        if (free < 2L * fdReserve) {
            // Near the edge an estimate is not enough: the unix socket (the operator's way in) is never
            // refused on one, and TCP must not eat into the reserve because a scan is 100 ms old.
            free = fds.freeExact();
        }
        if (free < fdReserve) {
            // No lingering: the descriptor is what is short. Further connections wait in the listen backlog
            // until the reserve is back, instead of each costing an accept, a descriptor and a scan.
            refuse(ctx, NO_FDS, free + " free descriptors, reserve " + fdReserve + "; accepting again when it is back",
                    false);
            pause.pause(ctx.channel().parent());
            return;
        }
        ctx.fireChannelActive();
    }

    private void refuse(ChannelHandlerContext ctx, CannedReply reply, String why, boolean drain) {
        errors.note("503 refused a " + transport.name().toLowerCase(java.util.Locale.ROOT) + " connection: " + why);
        // Stop here: the rest of the pipeline never sees this connection, nothing is read from it.
        reply.sendAndClose(ctx, drain);
    }
}
