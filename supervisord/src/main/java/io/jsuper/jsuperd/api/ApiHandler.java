package io.jsuper.jsuperd.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jsuper.jsuperd.core.ControlException;
import io.jsuper.jsuperd.core.ErrorCode;
import io.jsuper.jsuperd.core.SupervisorControl;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Per-connection handler: authenticates, routes, runs the command and writes its JSON answer.
 * Futures complete on the supervisor's loop thread; responses are built and written on this channel's
 * event loop, in request order (pipelined requests may finish out of order).
 */
final class ApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);
    static final ObjectMapper MAPPER = new ObjectMapper();

    private final Router router;
    private final SupervisorControl control;
    private final Transport transport;
    private final BearerToken token;
    /** Touched only on this channel's event loop. */
    private final ArrayDeque<Slot> pending = new ArrayDeque<>(2);

    /** One request awaiting its response, so responses leave in request order. */
    private static final class Slot {
        final boolean keepAlive;
        FullHttpResponse response;

        Slot(boolean keepAlive) {
            this.keepAlive = keepAlive;
        }
    }

    ApiHandler(Router router, SupervisorControl control, Transport transport, BearerToken token) {
        this.router = router;
        this.control = control;
        this.transport = transport;
        this.token = token;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        boolean malformed = !req.decoderResult().isSuccess();
        Slot slot = new Slot(!malformed && HttpUtil.isKeepAlive(req));
        pending.add(slot);
        CompletableFuture<ApiReply> reply;
        try {
            reply = malformed
                    ? CompletableFuture.failedFuture(new ApiException(ErrorCode.BAD_REQUEST, "malformed HTTP request"))
                    : dispatch(req);
        } catch (RuntimeException e) {
            reply = CompletableFuture.failedFuture(e);
        }
        reply.whenComplete((ok, err) -> {
            if (ctx.executor().inEventLoop()) {
                finish(ctx, slot, ok, err);
            } else {
                ctx.executor().execute(() -> finish(ctx, slot, ok, err));
            }
        });
    }

    private CompletableFuture<ApiReply> dispatch(FullHttpRequest req) {
        if (transport == Transport.TCP && token.configured()) {
            token.check(req.headers().get(HttpHeaderNames.AUTHORIZATION));
        }
        QueryStringDecoder uri = new QueryStringDecoder(req.uri());
        Router.Match match = router.resolve(req.method(), uri.rawPath());
        if (transport == Transport.TCP && !token.configured() && !HttpMethod.GET.equals(req.method())) {
            throw new ApiException(ErrorCode.FORBIDDEN, "mutations over TCP need http_token in [jsuperd]");
        }
        ApiRequest request = new ApiRequest(match.params(), uri.parameters(), parseBody(req));
        Duration timeout = request.timeout();
        // the timeout fails the command's reply future; lifecycle commands then cancel the core's wait (the command stays done)
        return match.route().command().execute(request, control)
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .exceptionallyCompose(err -> unwrap(err) instanceof TimeoutException
                        ? CompletableFuture.failedFuture(new ApiException(ErrorCode.TIMEOUT, "no answer within "
                        + timeout.toSeconds() + " s; the operation goes on, check the status"))
                        : CompletableFuture.failedFuture(err));
    }

    private static JsonNode parseBody(FullHttpRequest req) {
        if (!req.content().isReadable()) {
            return null;
        }
        try {
            return MAPPER.readTree((java.io.InputStream) new ByteBufInputStream(req.content().duplicate()));
        } catch (JsonProcessingException e) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "malformed JSON body: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "unreadable body: " + e.getMessage());
        }
    }

    private void finish(ChannelHandlerContext ctx, Slot slot, ApiReply ok, Throwable err) {
        slot.response = err == null ? respond(ok.status(), ok.body(), Map.of()) : errorResponse(err);
        boolean wrote = false;
        while (!pending.isEmpty() && pending.peek().response != null) {
            Slot head = pending.poll();
            HttpUtil.setKeepAlive(head.response, head.keepAlive);
            wrote = true;
            if (!head.keepAlive) {
                ctx.writeAndFlush(head.response).addListener(ChannelFutureListener.CLOSE);
                discardPending();
                return;
            }
            ctx.write(head.response);
        }
        if (wrote) {
            ctx.flush();
        }
    }

    private void discardPending() {
        for (Slot s : pending) {
            if (s.response != null) {
                s.response.release();
            }
        }
        pending.clear();
    }

    static FullHttpResponse errorResponse(Throwable err) {
        Throwable cause = unwrap(err);
        if (cause instanceof ControlException) {
            ControlException ce = (ControlException) cause;
            Map<String, String> headers = ce instanceof ApiException ? ((ApiException) ce).headers() : Map.of();
            return respond(ce.code().httpStatus(), JsonBodies.error(ce.code(), ce.getMessage()), headers);
        }
        LOG.warn("API request failed unexpectedly", cause);
        return respond(500, JsonBodies.error(ErrorCode.INTERNAL, "internal error: " + cause), Map.of());
    }

    static FullHttpResponse respond(int status, Object body, Map<String, String> headers) {
        byte[] json;
        try {
            json = MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            LOG.warn("cannot serialize API answer", e);
            status = 500;
            json = "{\"error\":{\"code\":\"INTERNAL\",\"number\":99,\"message\":\"cannot serialize answer\"}}"
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(status), Unpooled.wrappedBuffer(json));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
        res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, json.length);
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
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        // an idle reader with no request in flight is a slow or forgotten client; a long ?wait= is not
        if (evt instanceof IdleStateEvent && pending.isEmpty()) {
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        discardPending();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // one broken connection must never disturb the server or the other clients
        LOG.debug("closing API connection after error", cause);
        ctx.close();
    }
}
