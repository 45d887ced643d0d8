package io.jsuper.jsuperctl.cmd;

import io.jsuper.jsuperctl.ApiClient;
import io.jsuper.jsuperctl.Jsuperctl;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** Shared shape of start/stop/restart/reload: names or {@code all}, waits by default (bounded). */
public abstract class LifecycleCommand implements Callable<Integer> {
    static final String DEFAULT_TIMEOUT = "30";

    @ParentCommand
    Jsuperctl root;

    @Parameters(paramLabel = "NAME", arity = "1..*", description = "watcher names, or all")
    List<String> names = new ArrayList<>();

    @Option(names = "--no-wait", description = "return once the daemon accepted the request")
    boolean noWait;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = DEFAULT_TIMEOUT,
            description = "give up waiting after this long (default: ${DEFAULT-VALUE})")
    int timeout;

    /** The API verb: start, stop, restart or reload. */
    abstract String verb();

    /** What is printed per process: started, stopped… */
    abstract String done();

    /** More query parameters ({@code &mode=…} for restart and reload). */
    String extraQuery() {
        return "";
    }

    /**
     * The plain form ({@code VERB NAME…}, default wait and timeout) without picocli's command model
     * (see FastPath). Returns null for a verb this class does not run.
     */
    public static Integer runPlain(Jsuperctl root, String verb, List<String> names) {
        LifecycleCommand command = switch (verb) {
            case "start" -> new StartCommand();
            case "stop" -> new StopCommand();
            case "restart" -> new RestartCommand();
            case "reload" -> new ReloadCommand();
            default -> null;
        };
        if (command == null || names.isEmpty()) {
            return null;
        }
        command.root = root;
        command.names = names;
        command.timeout = Integer.parseInt(DEFAULT_TIMEOUT);
        return command.call();
    }

    @Override
    public Integer call() {
        ApiClient client = root.client().readTimeoutMillis((timeout + 10) * 1000);
        String query = (noWait ? "?wait=false" : "?wait=true&timeout=" + timeout) + extraQuery();
        if (!noWait && !root.json() && names.equals(List.of("all"))) {
            return AllProgress.run(root, client, verb(), done(), query);
        }
        return ForEachName.run(root, names, done(),
                name -> client.post("/services/" + ApiClient.segment(name) + "/" + verb() + query, null));
    }
}
