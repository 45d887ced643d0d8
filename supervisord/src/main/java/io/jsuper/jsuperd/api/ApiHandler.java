package io.jsuper.jsuperd.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jsuper.jsuperd.metrics.Monitoring;
import io.jsuper.jsuperd.core.ControlException;
import io.jsuper.jsuperd.core.ErrorCode;
import io.jsuper.jsuperd.core.SupervisorControl;
import io.jsuper.jsuperd.api.xmlrpc.LogtailEndpoint;
import io.jsuper.jsuperd.config.BasicAuth;
import io.jsuper.jsuperd.api.xmlrpc.RemoteCommEvents;
import io.jsuper.jsuperd.api.xmlrpc.XmlRpcEndpoint;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Per-connection handler: authenticates, routes, runs the command and writes its JSON answer.
 * <p>
 * One request at a time: the channel reads only when no request is in flight, nothing decoded is waiting
 * and the channel is writable (autoRead is off), so a client that pipelines without reading holds at most
 * one answer, the requests of one read (at most {@link #MAX_WAITING}) and the socket buffers. Futures
 * complete on the supervisor's loop thread; answers are built and written on this channel's event loop.
 */
final class ApiHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);
    /**
     * Jackson, loaded on first use only: answers are written by {@link JsonWriter}, so a daemon whose clients
     * send no JSON bodies never loads databind's ~470 classes (their metadata would stay resident for good).
     */
    static final class Jackson {
        static final ObjectMapper MAPPER = new ObjectMapper();

        private Jackson() {
        }
    }

    /** The answer as JSON bytes: {@link JsonWriter} for the plain maps and lists answers are made of, else Jackson. */
    static byte[] toJson(Object body) throws JsonProcessingException {
        try {
            return JsonWriter.write(body);
        } catch (JsonWriter.Unsupported e) {
            return Jackson.MAPPER.writeValueAsBytes(body);
        }
    }
    /** As {@link #toJson(Object)}, in one buffer of {@code alloc} (no array per answer when the writer knows the body). */
    static ByteBuf toJson(Object body, ByteBufAllocator alloc) throws JsonProcessingException {
        try {
            return JsonWriter.write(body, alloc);
        } catch (JsonWriter.Unsupported e) {
            return Unpooled.wrappedBuffer(Jackson.MAPPER.writeValueAsBytes(body));
        }
    }

    /** Requests decoded from one read while another is handled; a client pipelining more is closed. */
    static final int MAX_WAITING = 32;

    private final Router router;
    private final SupervisorControl control;
    private final Transport transport;
    private final BearerToken token;
    /** This connection's bearer-token check (remembers the header that passed, see {@link TokenCheck}). */
    private final TokenCheck tokenCheck;
    /** The route of the request in flight (one at a time per connection), for the request counter. */
    private final Monitoring monitoring;
    private final RemoteCommEvents remoteEvents;
    private String routeName = "unmatched";
    /** When the request being answered was dispatched, for the latency histogram. */
    private long startedNanos = System.nanoTime();
    private String lastEventId;
    private final ConnectionDeadlines deadlines;
    private final ReplyBudget budget;
    private final InflightLimit inflight;
    private final ClientErrorLog errors;
    /** All touched only on this channel's event loop. */
    private final ArrayDeque<FullHttpRequest> waiting = new ArrayDeque<>(2);
    private boolean busy;
    private boolean closing;
    private boolean inputShutdown;
    /** The timeout of the request in flight, when its answer was not ready at once. */
    private io.netty.util.concurrent.ScheduledFuture<?> replyTimer;

    ApiHandler(Router router, SupervisorControl control, Transport transport, BearerToken token,
               ConnectionDeadlines deadlines, ReplyBudget budget, InflightLimit inflight, ClientErrorLog errors,
               Monitoring monitoring, RemoteCommEvents remoteEvents) {
        this.monitoring = monitoring;
        this.remoteEvents = remoteEvents;
        this.router = router;
        this.control = control;
        this.transport = transport;
        this.token = token;
        this.tokenCheck = new TokenCheck(token);
        this.deadlines = deadlines;
        this.budget = budget;
        this.inflight = inflight;
        this.errors = errors;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        readNext(ctx);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest req) || closing) {
            ReferenceCountUtil.release(msg);
            return;
        }
        deadlines.requestReceived();
        if (!busy && waiting.isEmpty() && ctx.channel().isWritable()) {
            start(ctx, req);
            return;
        }
        if (waiting.size() >= MAX_WAITING) {
            req.release();
            errors.note("closing " + describe(ctx) + ": more than " + MAX_WAITING + " pipelined requests unanswered");
            closeNow(ctx);
            return;
        }
        waiting.add(req);
    }

    private void start(ChannelHandlerContext ctx, FullHttpRequest req) {
        busy = true;
        boolean malformed = !req.decoderResult().isSuccess();
        boolean keepAlive = !malformed && HttpUtil.isKeepAlive(req);
        boolean admitted = !malformed && inflight.tryAcquire();
        CompletableFuture<ApiReply> reply;
        try {
            reply = malformed ? CompletableFuture.failedFuture(malformed(req))
                    : admitted ? dispatch(ctx, req) : CompletableFuture.failedFuture(new ApiException(ErrorCode.OVERLOADED,
                    "too many requests in flight on this listener; try again later", Map.of("Retry-After", "1")));
        } catch (RuntimeException e) {
            reply = CompletableFuture.failedFuture(e);
        } finally {
            req.release();
        }
        HttpMethod method = req.method(); // "METHOD uri" is built only for a client error's log line
        String uri = req.uri();
        reply.whenComplete((ok, err) -> {
            if (admitted) {
                inflight.release();
            }
            if (ctx.executor().inEventLoop()) {
                finish(ctx, method, uri, keepAlive, ok, err);
            } else {
                ctx.executor().execute(() -> finish(ctx, method, uri, keepAlive, ok, err));
            }
        });
    }

    private static ApiException malformed(FullHttpRequest req) {
        Throwable cause = req.decoderResult().cause();
        String why = cause == null || cause.getMessage() == null ? "malformed HTTP request"
                : "malformed HTTP request: " + ClientErrorLog.sanitize(cause.getMessage());
        return new ApiException(ErrorCode.BAD_REQUEST, why);
    }

    private CompletableFuture<ApiReply> dispatch(ChannelHandlerContext ctx, FullHttpRequest req) {
        QueryStringDecoder uri = new QueryStringDecoder(req.uri());
        boolean supervisordPath = XmlRpcEndpoint.PATH.equals(uri.rawPath()) || LogtailEndpoint.matches(uri.rawPath());
        Optional<BasicAuth> basic = supervisordPath ? BasicAuthCheck.required(control, transport) : Optional.empty();
        if (basic.isPresent()) { // supervisord's paths with its password: basic auth instead of the bearer token
            BasicAuthCheck.check(basic.get(), req.headers().get(HttpHeaderNames.AUTHORIZATION));
        } else if (transport == Transport.TCP && token.configured() && !"/health".equals(uri.rawPath())) {
            // Load balancers and monitors probe /health without credentials; it says only ok and a count.
            tokenCheck.check(req.headers().get(HttpHeaderNames.AUTHORIZATION));
        }
        boolean authenticated = basic.isPresent() || token.configured();
        routeName = "unmatched";
        startedNanos = System.nanoTime();
        lastEventId = req.headers().get("Last-Event-ID");
        if (XmlRpcEndpoint.PATH.equals(uri.rawPath())) {
            routeName = "xmlrpc";
            return xmlRpc(req, authenticated);
        }
        if (LogtailEndpoint.matches(uri.rawPath())) {
            routeName = "logtail";
            return logtail(req, uri.rawPath(), authenticated);
        }
        Router.Match match = router.resolve(req.method(), uri.rawPath());
        routeName = match.route().name();
        if (transport == Transport.TCP && !token.configured() && match.route().access() != Route.Access.READ) {
            throw new ApiException(ErrorCode.FORBIDDEN, HttpMethod.GET.equals(req.method())
                    ? "GET " + match.route().pattern() + " is an operator action: over TCP it needs http_token in [jsuperd]"
                    : "mutations over TCP need http_token in [jsuperd]");
        }
        ApiRequest request = new ApiRequest(match.params(), queryOf(uri), parseBody(req),
                req.headers().get(HttpHeaderNames.ACCEPT, ""));
        Duration timeout = request.timeout();
        CompletableFuture<ApiReply> reply = match.route().command().execute(request, control);
        if (reply.isDone()) { // status reads: answered already, no timer to arm
            return reply;
        }
        // The timeout fails the command's reply future; lifecycle commands then cancel the core's wait (the
        // command stays done). A timer of this channel's event loop, not orTimeout: that one wakes the JDK's
        // delay thread to arm and again to cancel it, for every waiting request.
        replyTimer = ctx.executor().schedule(() -> reply.completeExceptionally(new TimeoutException()),
                timeout.toMillis(), TimeUnit.MILLISECONDS);
        return reply.exceptionallyCompose(err -> unwrap(err) instanceof TimeoutException
                ? CompletableFuture.failedFuture(new ApiException(ErrorCode.TIMEOUT, "no answer within "
                + timeout.toSeconds() + " s; the operation goes on, check the status"))
                : CompletableFuture.failedFuture(err));
    }

    /** supervisord's XML-RPC: POST only; over TCP only authenticated (basic auth or http_token, checked above). */
    private CompletableFuture<ApiReply> xmlRpc(FullHttpRequest req, boolean authenticated) {
        if (!HttpMethod.POST.equals(req.method())) {
            throw new ApiException(ErrorCode.METHOD_NOT_ALLOWED, "XML-RPC takes POST " + XmlRpcEndpoint.PATH);
        }
        if (transport == Transport.TCP && !authenticated) {
            throw new ApiException(ErrorCode.FORBIDDEN, "XML-RPC over TCP needs a username and password "
                    + "([inet_http_server]) or http_token in [jsuperd]");
        }
        byte[] body = new byte[req.content().readableBytes()];
        req.content().getBytes(req.content().readerIndex(), body);
        return XmlRpcEndpoint.handle(body, control, remoteEvents, io.jsuper.jsuperd.Version.current());
    }

    /** supervisord's {@code /logtail} and {@code /mainlogtail} streams (supervisorctl tail -f): GET only; on TCP as XML-RPC. */
    private CompletableFuture<ApiReply> logtail(FullHttpRequest req, String rawPath, boolean authenticated) {
        if (!HttpMethod.GET.equals(req.method())) {
            throw new ApiException(ErrorCode.METHOD_NOT_ALLOWED, "supervisord's log streams take GET", Map.of("Allow", "GET"));
        }
        if (transport == Transport.TCP && !authenticated) {
            throw new ApiException(ErrorCode.FORBIDDEN, "log streams over TCP need a username and password "
                    + "([inet_http_server]) or http_token in [jsuperd]");
        }
        return LogtailEndpoint.handle(rawPath, control);
    }

    private static Map<String, List<String>> queryOf(QueryStringDecoder uri) {
        try {
            return uri.parameters();
        } catch (IllegalArgumentException e) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "malformed percent-escape in the query string: "
                    + "use %XX with two hex digits");
        }
    }

    private static JsonNode parseBody(FullHttpRequest req) {
        if (!req.content().isReadable()) {
            return null;
        }
        try {
            return Jackson.MAPPER.readTree((java.io.InputStream) new ByteBufInputStream(req.content().duplicate()));
        } catch (JsonProcessingException e) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "malformed JSON body: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "unreadable body: " + e.getMessage());
        }
    }

    private void finish(ChannelHandlerContext ctx, HttpMethod method, String uri, boolean keepAlive, ApiReply ok,
                        Throwable err) {
        busy = false;
        if (replyTimer != null) {
            replyTimer.cancel(false); // on this event loop: no task handed to another thread
            replyTimer = null;
        }
        if (err == null && ok.body() instanceof StreamingBody stream) { // log follow: the body owns the connection
            closing = true;
            stream.start(ctx.channel());
            return;
        }
        if (closing || !ctx.channel().isActive()) {
            return;
        }
        if (err == null && ok.body() instanceof EventStreamBody stream) {
            if (startStream(ctx, stream)) {
                return;
            }
            err = new ApiException(ErrorCode.OVERLOADED, "too many event streams open; try again later",
                    Map.of("Retry-After", "1"));
        }
        FullHttpResponse res = err == null ? respond(ctx.alloc(), ok.status(), ok.body(), Map.of()) : errorResponse(err);
        if (res.status().code() >= 400 && res.status().code() < 500) {
            errors.note(res.status().code() + " for " + method + " " + uri + " from " + describe(ctx) + ": "
                    + errorMessage(err));
        }
        monitoring.api().request(routeName, res.status().code(), System.nanoTime() - startedNanos);
        int size = res.content().readableBytes();
        if (!budget.tryTake(size)) {
            res.release();
            res = respond(503, JsonBodies.error(ErrorCode.OVERLOADED, "too many unread answers queued; try again later"),
                    Map.of("Retry-After", "1"));
            size = 0;
        }
        HttpUtil.setKeepAlive(res, keepAlive);
        int taken = size;
        var written = ctx.writeAndFlush(res).addListener(f -> budget.giveBack(taken));
        if (!keepAlive) {
            closing = true;
            written.addListener(ChannelFutureListener.CLOSE);
            discardWaiting();
            return;
        }
        readNext(ctx);
    }

    /** The connection becomes an event stream until it closes: no further request is read from it. */
    private boolean startStream(ChannelHandlerContext ctx, EventStreamBody stream) {
        long after = stream.afterId();
        if (after < 0 && lastEventId != null) {
            try {
                after = Long.parseLong(lastEventId.strip());
            } catch (NumberFormatException e) {
                after = -1; // an id we never sent: start with new events
            }
        }
        if (!SseStream.open(ctx.channel(), monitoring.events(), after)) {
            return false;
        }
        monitoring.api().request(routeName, 200, System.nanoTime() - startedNanos);
        busy = true;
        closing = true;
        discardWaiting();
        return true;
    }

    /** Handles the next decoded request, or asks for more bytes; only when writable and nothing is in flight. */
    private void readNext(ChannelHandlerContext ctx) {
        if (busy || closing || !ctx.channel().isWritable()) {
            return;
        }
        FullHttpRequest next = waiting.poll();
        if (next != null) {
            start(ctx, next);
        } else if (inputShutdown) {
            closing = true;
            ctx.close();
        } else {
            deadlines.awaitingRequest();
            ctx.read();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (ctx.channel().isWritable()) {
            readNext(ctx);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        // A client that half-closes after its requests (printf … | nc -N) still gets its answers.
        if (evt instanceof ChannelInputShutdownEvent) {
            inputShutdown = true;
            readNext(ctx);
        }
        super.userEventTriggered(ctx, evt);
    }

    private String errorMessage(Throwable err) {
        Throwable cause = err == null ? null : unwrap(err);
        return cause == null ? "" : String.valueOf(cause.getMessage());
    }

    private String describe(ChannelHandlerContext ctx) {
        String remote = String.valueOf(ctx.channel().remoteAddress());
        String name = transport.name().toLowerCase(java.util.Locale.ROOT);
        return transport == Transport.TCP ? name + " " + remote : name;
    }

    private void closeNow(ChannelHandlerContext ctx) {
        closing = true;
        discardWaiting();
        ctx.close();
    }

    private void discardWaiting() {
        for (FullHttpRequest r : waiting) {
            r.release();
        }
        waiting.clear();
    }

    static FullHttpResponse errorResponse(Throwable err) {
        Throwable cause = unwrap(err);
        if (cause instanceof ControlException) {
            ControlException ce = (ControlException) cause;
            Map<String, String> headers = ce instanceof ApiException ? ((ApiException) ce).headers() : Map.of();
            return respond(ce.code().httpStatus(), JsonBodies.error(ce.code(), ce.getMessage()), headers);
        }
        // A bug, not the client's doing: one line (the stack only at debug) so no request can flood the log.
        LOG.warn("API request failed unexpectedly: {}", ClientErrorLog.sanitize(String.valueOf(cause)));
        LOG.debug("stack of the unexpected API failure", cause);
        return respond(500, JsonBodies.error(ErrorCode.INTERNAL, "internal error: " + cause), Map.of());
    }

    static FullHttpResponse respond(int status, Object body, Map<String, String> headers) {
        return respond(ByteBufAllocator.DEFAULT, status, body, headers);
    }

    /** The answer with a JSON (or text, or raw) body; a JSON body is written into a buffer of {@code alloc}. */
    static FullHttpResponse respond(ByteBufAllocator alloc, int status, Object body, Map<String, String> headers) {
        if (body instanceof TextBody text) {
            return respondText(status, text, headers);
        }
        if (body instanceof RawBody raw) {
            FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.valueOf(status), Unpooled.wrappedBuffer(raw.bytes()));
            res.headers().set(HttpHeaderNames.CONTENT_TYPE, raw.contentType());
            res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, raw.bytes().length);
            headers.forEach(res.headers()::set);
            return res;
        }
        ByteBuf json;
        try {
            json = toJson(body, alloc);
        } catch (JsonProcessingException e) {
            LOG.warn("cannot serialize API answer: {}", e.getOriginalMessage());
            status = 500;
            json = Unpooled.wrappedBuffer(
                    "{\"error\":{\"code\":\"INTERNAL\",\"number\":99,\"message\":\"cannot serialize answer\"}}"
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        FullHttpResponse res = answer(status, json);
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
        res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, json.readableBytes());
        headers.forEach(res.headers()::set);
        return res;
    }

    /**
     * A response with no trailing headers object: answers carry a Content-Length, so the encoder never
     * writes trailers, and the default constructor allocated a second (empty) header table per answer.
     */
    private static FullHttpResponse answer(int status, ByteBuf content) {
        return new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status), content,
                DefaultHttpHeadersFactory.headersFactory().newHeaders(), EmptyHttpHeaders.INSTANCE);
    }

    private static FullHttpResponse respondText(int status, TextBody body, Map<String, String> headers) {
        byte[] bytes = body.text().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(status), Unpooled.wrappedBuffer(bytes));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, body.contentType());
        res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        headers.forEach(res.headers()::set);
        return res;
    }

    static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        closing = true;
        discardWaiting();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // one broken connection must never disturb the server or the other clients
        LOG.debug("closing API connection after error: {}", String.valueOf(cause));
        closeNow(ctx);
    }
}
