package io.jsuper.jsuperd.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The {@code [jsuperd]} section.
 *
 * @param socket   control socket path
 * @param http     optional TCP listener (loopback by default)
 * @param logdir   default directory for the children's output files
 * @param pidfile  optional pid file
 * @param logfile  optional file for the daemon's own log (besides the console)
 * @param loglevel trace|debug|info|warn|error
 * @param socketGroup   group that may use the control socket (mode 0660); empty = owner only (0600)
 * @param httpToken     bearer token the TCP listener requires
 * @param httpTokenFile file holding that token (must not be readable by group or others)
 * @param connectionLimits bounds of the API's network edge (connections, timeouts, descriptor reserve)
 * @param minfds        file descriptors jsuperd must be able to open (supervisord's minfds; 0 = no minimum)
 * @param containment   how processes are contained (cgroup v2 or process groups), see docs/containment.md
 * @param statsd        optional UDP address for the StatsD line protocol (business metrics), see docs/monitoring.md
 * @param statsdSocket  optional unix datagram socket path for StatsD, where the sender's process becomes a label
 * @param rpcAuth       supervisord's basic authentication of /RPC2 and its log streams, per listener
 */
public record DaemonSettings(
        Path socket,
        Optional<HttpEndpoint> http,
        Path logdir,
        Optional<Path> pidfile,
        Optional<Path> logfile,
        String loglevel,
        Optional<String> socketGroup,
        Optional<String> httpToken,
        Optional<Path> httpTokenFile,
        ConnectionLimits connectionLimits,
        int minfds,
        ContainmentMode containment,
        Optional<HttpEndpoint> statsd,
        Optional<Path> statsdSocket,
        RpcAuth rpcAuth) {
    public DaemonSettings {
        rpcAuth = java.util.Objects.requireNonNullElse(rpcAuth, RpcAuth.none());
        statsdSocket = java.util.Objects.requireNonNullElse(statsdSocket, Optional.empty());
        connectionLimits = java.util.Objects.requireNonNullElse(connectionLimits, ConnectionLimits.defaults());
        containment = java.util.Objects.requireNonNullElse(containment, ContainmentMode.AUTO);
        statsd = java.util.Objects.requireNonNullElse(statsd, Optional.empty());
    }

    /** Without supervisord's basic authentication. */
    public DaemonSettings(Path socket, Optional<HttpEndpoint> http, Path logdir, Optional<Path> pidfile,
                          Optional<Path> logfile, String loglevel, Optional<String> socketGroup,
                          Optional<String> httpToken, Optional<Path> httpTokenFile, ConnectionLimits connectionLimits,
                          int minfds, ContainmentMode containment, Optional<HttpEndpoint> statsd, Optional<Path> statsdSocket) {
        this(socket, http, logdir, pidfile, logfile, loglevel, socketGroup, httpToken, httpTokenFile,
                connectionLimits, minfds, containment, statsd, statsdSocket, RpcAuth.none());
    }

    /** Without a StatsD unix socket. */
    public DaemonSettings(Path socket, Optional<HttpEndpoint> http, Path logdir, Optional<Path> pidfile,
                          Optional<Path> logfile, String loglevel, Optional<String> socketGroup,
                          Optional<String> httpToken, Optional<Path> httpTokenFile, ConnectionLimits connectionLimits,
                          int minfds, ContainmentMode containment, Optional<HttpEndpoint> statsd) {
        this(socket, http, logdir, pidfile, logfile, loglevel, socketGroup, httpToken, httpTokenFile,
                connectionLimits, minfds, containment, statsd, Optional.empty());
    }

    /** Without a StatsD listener. */
    public DaemonSettings(Path socket, Optional<HttpEndpoint> http, Path logdir, Optional<Path> pidfile,
                          Optional<Path> logfile, String loglevel, Optional<String> socketGroup,
                          Optional<String> httpToken, Optional<Path> httpTokenFile, ConnectionLimits connectionLimits,
                          int minfds, ContainmentMode containment) {
        this(socket, http, logdir, pidfile, logfile, loglevel, socketGroup, httpToken, httpTokenFile,
                connectionLimits, minfds, containment, Optional.empty());
    }

    /** Without explicit limits: the documented defaults. */
    public DaemonSettings(Path socket, Optional<HttpEndpoint> http, Path logdir, Optional<Path> pidfile,
                          Optional<Path> logfile, String loglevel, Optional<String> socketGroup,
                          Optional<String> httpToken, Optional<Path> httpTokenFile) {
        this(socket, http, logdir, pidfile, logfile, loglevel, socketGroup, httpToken, httpTokenFile,
                ConnectionLimits.defaults());
    }

    /** Without a minfds minimum. */
    public DaemonSettings(Path socket, Optional<HttpEndpoint> http, Path logdir, Optional<Path> pidfile,
                          Optional<Path> logfile, String loglevel, Optional<String> socketGroup,
                          Optional<String> httpToken, Optional<Path> httpTokenFile, ConnectionLimits connectionLimits) {
        this(socket, http, logdir, pidfile, logfile, loglevel, socketGroup, httpToken, httpTokenFile,
                connectionLimits, 0);
    }

    /** With {@code containment = auto}. */
    public DaemonSettings(Path socket, Optional<HttpEndpoint> http, Path logdir, Optional<Path> pidfile,
                          Optional<Path> logfile, String loglevel, Optional<String> socketGroup,
                          Optional<String> httpToken, Optional<Path> httpTokenFile, ConnectionLimits connectionLimits,
                          int minfds) {
        this(socket, http, logdir, pidfile, logfile, loglevel, socketGroup, httpToken, httpTokenFile,
                connectionLimits, minfds, ContainmentMode.AUTO);
    }
}
