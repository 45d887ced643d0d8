package io.jsuper.jsuperd.sockets;

import io.jsuper.jsuperd.config.SocketConfig;
import io.jsuper.jsuperd.os.jna.ListenSocketOpener;

import java.io.IOException;

/** The real {@link DaemonSockets.Opener}: socket(2), bind(2), listen(2) through JNA. */
public final class NativeOpener implements DaemonSockets.Opener {
    @Override
    public DaemonSockets.Bound open(SocketConfig config) throws IOException {
        ListenSocketOpener.Opened opened = ListenSocketOpener.open(config);
        return new DaemonSockets.Bound(config, opened.fd(), opened.address());
    }

    @Override
    public DaemonSockets.Bound adopt(SocketConfig config, int fd) throws IOException {
        return new DaemonSockets.Bound(config, fd, ListenSocketOpener.adopt(fd, config));
    }

    @Override
    public void updateInPlace(DaemonSockets.Bound open, SocketConfig next) throws IOException {
        ListenSocketOpener.updateInPlace(open.fd(), next);
    }

    @Override
    public void close(int fd) {
        ListenSocketOpener.close(fd);
    }
}
