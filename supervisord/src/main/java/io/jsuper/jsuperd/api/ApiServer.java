package io.jsuper.jsuperd.api;

import io.jsuper.jsuperd.api.xmlrpc.RemoteCommEvents;
import io.jsuper.jsuperd.config.ConnectionLimits;
import io.jsuper.jsuperd.config.HttpEndpoint;
import io.jsuper.jsuperd.core.SupervisorControl;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Bootstrap of the HTTP control API: one pipeline bound to the unix socket and optionally to TCP.
 * Call {@link #start()} once the supervisor loop runs and {@link #stop()} after shutdown has completed.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    /** Outbound bytes above which a connection stops taking requests until its client reads. */
    static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(32 * 1024, 64 * 1024);
    /** Largest single read: bounds how many pipelined requests one read can decode at once. */
    static final int MAX_READ_BYTES = 16 * 1024;

    private final ApiSettings settings;
    private final SupervisorControl control;
    private final io.jsuper.jsuperd.metrics.Monitoring monitoring;
    private final RemoteCommEvents remoteEvents;
    private final ConnectionLimits limits;
    private final SocketFile socketFile;
    private final ClientErrorLog clientErrors = new ClientErrorLog(System::nanoTime);
    private final FdBudget fds;
    private ConnectionGuard unixGuard;
    private ConnectionGuard tcpGuard;
    private final List<Channel> listeners = new ArrayList<>(2);
    /** One event-loop thread per listener: a busy TCP side never takes the unix socket's thread. */
    private EventLoopGroup unixGroup;
    private EventLoopGroup tcpGroup;
    private InetSocketAddress httpAddress;

    /** With its own metrics, events and StatsD values (tests; the daemon passes the ones it shares). */
    public ApiServer(ApiSettings settings, SupervisorControl control) {
        this(settings, control, io.jsuper.jsuperd.metrics.Monitoring.fresh());
    }

    public ApiServer(ApiSettings settings, SupervisorControl control, io.jsuper.jsuperd.metrics.Monitoring monitoring) {
        this(settings, control, monitoring, RemoteCommEvents.NONE);
    }

    /** {@code remoteEvents}: the event listener pools that supervisord's {@code sendRemoteCommEvent} reaches. */
    public ApiServer(ApiSettings settings, SupervisorControl control, io.jsuper.jsuperd.metrics.Monitoring monitoring,
                     RemoteCommEvents remoteEvents) {
        this(settings, control, monitoring, remoteEvents, new FdBudget(System::nanoTime));
    }

    /** With another descriptor budget (tests shorten the descriptors at will). */
    ApiServer(ApiSettings settings, SupervisorControl control, io.jsuper.jsuperd.metrics.Monitoring monitoring,
              FdBudget fds) {
        this(settings, control, monitoring, RemoteCommEvents.NONE, fds);
    }

    private ApiServer(ApiSettings settings, SupervisorControl control, io.jsuper.jsuperd.metrics.Monitoring monitoring,
                      RemoteCommEvents remoteEvents, FdBudget fds) {
        this.remoteEvents = Objects.requireNonNull(remoteEvents, "remoteEvents");
        this.fds = Objects.requireNonNull(fds, "fds");
        this.monitoring = monitoring;
        this.settings = Objects.requireNonNull(settings, "settings");
        this.control = Objects.requireNonNull(control, "control");
        this.limits = settings.limits();
        this.socketFile = new SocketFile(settings.socket(), settings.socketGroup());
    }

    /**
     * Binds the listeners. On failure nothing stays bound and the message says why, e.g.
     * "another jsuperd is listening on /run/jsuper/jsuperd.sock".
     */
    public synchronized void start() throws IOException {
        if (unixGroup != null) {
            throw new IllegalStateException("API server already started");
        }
        if (!Epoll.isAvailable()) {
            throw new IOException("epoll transport unavailable: " + Epoll.unavailabilityCause());
        }
        socketFile.clearStale();
        unixGroup = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("jsuperd-api-unix", true),
                EpollIoHandler.newFactory());
        try {
            Router router = new Router(ApiRoutes.all(monitoring));
            BearerToken token = new BearerToken(settings.token());
            bindUnix(router, token);
            if (settings.http().isPresent()) {
                bindTcp(settings.http().get(), router, token);
            }
        } catch (IOException | RuntimeException e) {
            stop();
            throw e;
        }
    }

    private void bindUnix(Router router, BearerToken token) throws IOException {
        Path bindPath = socketFile.bindPath();
        unixGuard = new ConnectionGuard(Transport.UNIX, limits.socketMaxConnections(), limits.fdReserve(), fds,
                clientErrors, monitoring.api());
        ServerBootstrap b = childOptions(new ServerBootstrap().group(unixGroup).channel(EpollServerDomainSocketChannel.class))
                .childHandler(new ApiChannelInitializer(router, control, Transport.UNIX, token, limits, unixGuard,
                        ReplyBudget.eighthOfHeap(), clientErrors, monitoring, remoteEvents));
        listeners.add(bind(b.bind(new DomainSocketAddress(bindPath.toFile())), "socket " + socketFile.path()));
        socketFile.publish(bindPath);
        LOG.info("API listening on unix socket {}", socketFile.path());
    }

    private void bindTcp(HttpEndpoint endpoint, Router router, BearerToken token) throws IOException {
        tcpGuard = new ConnectionGuard(Transport.TCP, limits.httpMaxConnections(), limits.fdReserve(), fds,
                clientErrors, monitoring.api());
        tcpGroup = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("jsuperd-api-tcp", true),
                EpollIoHandler.newFactory());
        ServerBootstrap b = childOptions(new ServerBootstrap().group(tcpGroup).channel(EpollServerSocketChannel.class))
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(new ApiChannelInitializer(router, control, Transport.TCP, token, limits, tcpGuard,
                        ReplyBudget.eighthOfHeap(), clientErrors, monitoring, remoteEvents));
        Channel ch = bind(b.bind(endpoint.host(), endpoint.port()), "http " + endpoint);
        listeners.add(ch);
        httpAddress = (InetSocketAddress) ch.localAddress();
        LOG.info("API listening on http://{}:{}{}", httpAddress.getHostString(), httpAddress.getPort(),
                settings.token().isPresent() ? "" : " (read-only: no http_token)");
        long nofile = fds.limit();
        if (nofile != Long.MAX_VALUE && fds.freeExact() <= limits.fdReserve()) {
            LOG.warn("fd_reserve = {} leaves no descriptor for TCP connections under RLIMIT_NOFILE {}: every TCP "
                    + "connection will be refused; lower fd_reserve or raise the limit", limits.fdReserve(), nofile);
        }
    }

    /**
     * Reading is driven by {@link ApiHandler} (autoRead off): one request at a time, and none while the
     * client leaves answers unread. Half-closed clients still get their answers.
     */
    private static ServerBootstrap childOptions(ServerBootstrap b) {
        return b.childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator(64, 1024, MAX_READ_BYTES));
    }

    /** Whether a listener has stopped accepting until descriptors are free again (tests and diagnostics). */
    synchronized boolean acceptingPaused(Transport transport) {
        ConnectionGuard g = transport == Transport.UNIX ? unixGuard : tcpGuard;
        return g != null && g.acceptingPaused();
    }

    /** Open connections per listener right now (tests and diagnostics). */
    synchronized int openConnections(Transport transport) {
        ConnectionGuard g = transport == Transport.UNIX ? unixGuard : tcpGuard;
        return g == null ? 0 : g.openConnections();
    }

    private Channel bind(ChannelFuture f, String what) throws IOException {
        f.awaitUninterruptibly();
        if (!f.isSuccess()) {
            throw new IOException("cannot listen on " + what + ": " + f.cause().getMessage(), f.cause());
        }
        // added after the bind, so behind the acceptor that ServerBootstrap put there
        f.channel().pipeline().addLast("errors", new ListenerErrors(what, clientErrors));
        return f.channel();
    }

    /** The bound unix socket path. */
    public Path socketPath() {
        return socketFile.path();
    }

    /** The actually bound TCP address (useful with port 0), empty without an HTTP listener. */
    public synchronized Optional<InetSocketAddress> httpAddress() {
        return Optional.ofNullable(httpAddress);
    }

    /** Closes listeners and open connections and removes the socket file. Idempotent. */
    public synchronized void stop() {
        for (Channel ch : listeners) {
            ch.close().awaitUninterruptibly();
        }
        listeners.clear();
        for (EventLoopGroup g : new EventLoopGroup[] {tcpGroup, unixGroup}) {
            if (g != null) {
                g.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
            }
        }
        tcpGroup = null;
        unixGroup = null;
        httpAddress = null;
        socketFile.remove();
    }

    @Override
    public void close() {
        stop();
    }
}
