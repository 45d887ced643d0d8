package io.jsuper.jsuperctl.cmd;

import io.jsuper.jsuperctl.ApiClient;
import io.jsuper.jsuperctl.ExitCodes;
import io.jsuper.jsuperctl.Json;
import io.jsuper.jsuperctl.Jsuperctl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code events [-f] [--json]}: the daemon's kept events (state changes, checks, spawn errors, reloads), or follow them. */
@Command(name = "events", description = "Print the events jsuperd kept (state changes, check transitions, spawn errors, "
        + "reloads); -f follows new ones (Ctrl-C stops, exit 130; the daemon going away ends it with exit 1). "
        + "With --json, one JSON object per line.")
public final class EventsCommand implements Callable<Integer> {
    @ParentCommand
    Jsuperctl root;

    @Option(names = "-f", description = "follow: print new events as they happen")
    boolean follow;

    @Option(names = "--after", paramLabel = "ID", description = "only events after this id (with -f: replay the kept ones after it first)")
    Long after;

    @Override
    public Integer call() {
        EventPrinter printer = new EventPrinter(root.out(), root.json());
        if (follow) {
            root.out().flush();
            return LogStreamReader.follow(root.client(), "/events" + (after == null ? "" : "?after=" + after),
                    new SseLines(printer));
        }
        ApiClient.Response r = root.client().get("/events?follow=false" + (after == null ? "" : "&after=" + after))
                .orFail();
        Object events = r.json().get("events");
        if (events instanceof List<?> list) {
            for (Object e : list) {
                if (e instanceof Map<?, ?> m) {
                    printer.print(m, Json.write(m));
                }
            }
        }
        root.out().flush();
        return ExitCodes.OK;
    }
}
