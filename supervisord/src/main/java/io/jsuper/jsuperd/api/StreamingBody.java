package io.jsuper.jsuperd.api;

import io.netty.channel.Channel;

/**
 * A reply body that is not one JSON document but a stream the body writes itself (log follow). The
 * handler gives it the channel and stops reading requests on that connection; the body writes the
 * response head, its chunks and the end, and the connection closes after it.
 */
public interface StreamingBody {
    void start(Channel channel);
}
