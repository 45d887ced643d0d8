package io.jsuper.jsuperd.api;

import io.jsuper.jsuperd.api.command.ClearServiceLog;
import io.jsuper.jsuperd.api.command.Health;
import io.jsuper.jsuperd.api.command.AddWatcher;
import io.jsuper.jsuperd.api.command.ReadDaemonLog;
import io.jsuper.jsuperd.api.command.ReadServiceLog;
import io.jsuper.jsuperd.api.command.ReopenLogs;
import io.jsuper.jsuperd.api.command.ListServices;
import io.jsuper.jsuperd.api.command.RemoveWatcher;
import io.jsuper.jsuperd.api.command.PreviewReload;
import io.jsuper.jsuperd.api.command.ReloadConfig;
import io.jsuper.jsuperd.api.command.ReloadService;
import io.jsuper.jsuperd.api.command.RestartService;
import io.jsuper.jsuperd.api.command.ScaleService;
import io.jsuper.jsuperd.api.command.ShowService;
import io.jsuper.jsuperd.api.command.Shutdown;
import io.jsuper.jsuperd.api.command.SignalService;
import io.jsuper.jsuperd.api.command.StartService;
import io.jsuper.jsuperd.api.command.StopService;
import io.jsuper.jsuperd.api.command.ShowVersion;

import java.util.List;

import static io.netty.handler.codec.http.HttpMethod.GET;
import static io.netty.handler.codec.http.HttpMethod.POST;

/** The one explicit list of API commands. Adding an endpoint means adding a class and a line here. */
public final class ApiRoutes {
    private ApiRoutes() {
    }

    /** With metrics, events and StatsD values of their own (tests of the routing). */
    public static List<Route> all() {
        return all(io.jsuper.jsuperd.metrics.Monitoring.fresh());
    }

    public static List<Route> all(io.jsuper.jsuperd.metrics.Monitoring monitoring) {
        return List.of(
                new Route("status", GET, "/services", new ListServices()),
                new Route("status-one", GET, "/services/{name}", new ShowService()),
                new Route("start", POST, "/services/{name}/start", new StartService()),
                new Route("stop", POST, "/services/{name}/stop", new StopService()),
                new Route("restart", POST, "/services/{name}/restart", new RestartService()),
                new Route("reload", POST, "/services/{name}/reload", new ReloadService()),
                new Route("signal", POST, "/services/{name}/signal", new SignalService()),
                new Route("scale", POST, "/services/{name}/scale", new ScaleService()),
                new Route("add", POST, "/services/{name}/add", new AddWatcher()),
                new Route("remove", POST, "/services/{name}/remove", new RemoveWatcher()),
                new Route("deploy", POST, "/services/{name}/deploy", new io.jsuper.jsuperd.api.command.DeployService()),
                new Route("rollback", POST, "/services/{name}/rollback", new io.jsuper.jsuperd.api.command.RollbackService()),
                new Route("release", GET, "/services/{name}/release", new io.jsuper.jsuperd.api.command.ShowRelease()),
                new Route("update", POST, "/reload", new ReloadConfig()),
                new Route("reread", GET, "/reload", new PreviewReload(), Route.Access.OPERATOR),
                new Route("shutdown", POST, "/shutdown", new Shutdown()),
                new Route("daemon-restart", POST, "/daemon/restart", new io.jsuper.jsuperd.api.command.RestartDaemon()),
                new Route("version", GET, "/version", new ShowVersion()),
                new Route("sockets", GET, "/sockets", new io.jsuper.jsuperd.api.command.ListSockets()),
                new Route("health", GET, "/health", new Health()),
                new Route("metrics", GET, "/metrics", new io.jsuper.jsuperd.api.command.ShowMetrics(monitoring)),
                new Route("events", GET, "/events", new io.jsuper.jsuperd.api.command.StreamEvents(monitoring.events())),
                new Route("stats", GET, "/services/{name}/stats", new io.jsuper.jsuperd.api.command.ShowStats()),
                // logs may hold secrets a program printed: over TCP they need the token like any operator action
                new Route("log", GET, "/services/{name}/log", new ReadServiceLog(), Route.Access.OPERATOR),
                new Route("clear", POST, "/services/{name}/log/clear", new ClearServiceLog()),
                new Route("maintail", GET, "/log", new ReadDaemonLog(), Route.Access.OPERATOR),
                new Route("reopen-logs", POST, "/reopen-logs", new ReopenLogs()));
    }
}
