package io.jsuper.jsuperd.metrics;

import io.jsuper.jsuperd.config.HttpEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;

/**
 * Receives StatsD datagrams on one UDP address (loopback unless configured otherwise) on one daemon
 * thread and hands them to the {@link StatsdAggregator}. A datagram is at most 64 KiB; nothing is queued.
 */
public final class StatsdListener implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StatsdListener.class);

    private final DatagramChannel channel;
    private final Thread thread;

    private StatsdListener(DatagramChannel channel, StatsdAggregator sink) {
        this.channel = channel;
        this.thread = new Thread(() -> receive(sink), "jsuperd-statsd");
        thread.setDaemon(true);
    }

    /** Binds {@code endpoint} and starts receiving. */
    public static StatsdListener start(HttpEndpoint endpoint, StatsdAggregator sink) throws IOException {
        DatagramChannel ch = DatagramChannel.open();
        try {
            ch.bind(new InetSocketAddress(endpoint.host(), endpoint.port()));
        } catch (IOException e) {
            ch.close();
            throw new IOException("cannot bind statsd = " + endpoint + ": " + e.getMessage(), e);
        }
        StatsdListener l = new StatsdListener(ch, sink);
        l.thread.start();
        log.info("StatsD listening on udp {}", endpoint);
        return l;
    }

    private void receive(StatsdAggregator sink) {
        ByteBuffer buf = ByteBuffer.allocate(65_536);
        while (channel.isOpen()) {
            try {
                buf.clear();
                channel.receive(buf);
                buf.flip();
                sink.accept(StandardCharsets.UTF_8.decode(buf).toString());
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException | RuntimeException e) {
                log.warn("statsd: {}", e.toString());
            }
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
