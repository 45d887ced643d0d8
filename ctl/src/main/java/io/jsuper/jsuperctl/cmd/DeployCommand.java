package io.jsuper.jsuperctl.cmd;

import io.jsuper.jsuperctl.ApiClient;
import io.jsuper.jsuperctl.ExitCodes;
import io.jsuper.jsuperctl.Json;
import io.jsuper.jsuperctl.Jsuperctl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code deploy NAME --release DIR}: switch the watcher's release_link to DIR and roll it; rolled back (exit 1)
 * when the new release does not become ready. Without {@code --release}: show the link and each process's release.
 */
@Command(name = "deploy", description = "Switch a watcher's release_link to a release directory and roll it; "
        + "roll back if it does not become ready. Without --release, show the releases.")
public final class DeployCommand implements Callable<Integer> {
    @ParentCommand
    Jsuperctl root;

    @Parameters(paramLabel = "NAME", description = "the watcher")
    String name;

    @Option(names = "--release", paramLabel = "DIR", description = "the release directory (relative to the current directory)")
    Path release;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "120",
            description = "give up waiting after this long (default: ${DEFAULT-VALUE})")
    int timeout;

    @Override
    public Integer call() {
        ApiClient client = root.client().readTimeoutMillis((timeout + 10) * 1000);
        String path = "/services/" + ApiClient.segment(name);
        ApiClient.Response r = release == null ? client.get(path + "/release").orFail()
                : client.post(path + "/deploy?timeout=" + timeout + "&release="
                        + URLEncoder.encode(release.toAbsolutePath().normalize().toString(), StandardCharsets.UTF_8), null).orFail();
        print(root, r, release == null ? null : "deployed");
        return ExitCodes.OK;
    }

    /** {@code web: deployed /srv/releases/0.3 (was /srv/releases/0.2)} and one line per process. */
    static void print(Jsuperctl root, ApiClient.Response r, String verb) {
        if (root.json()) {
            root.out().println(r.body());
            return;
        }
        Map<String, Object> m = r.json();
        String was = Json.str(m, "previous", null);
        root.out().println(Json.str(m, "watcher", "?") + ": " + (verb == null ? Json.str(m, "link", "?") + " -> " : verb + " ")
                + Json.str(m, "release", "(no link)") + (was == null ? "" : " (was " + was + ")"));
        if (m.get("processes") instanceof List<?> processes) {
            for (Object o : processes) {
                Map<?, ?> p = (Map<?, ?>) o;
                root.out().println("  " + Json.str(p, "name", "?") + " pid " + Json.num(p, "pid", 0) + " "
                        + Json.str(p, "state", "?") + " release " + Json.str(p, "release", "?"));
            }
        }
    }
}
