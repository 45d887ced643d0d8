package io.jsuper.jsuperd.core;

import io.jsuper.jsuperd.config.JsuperConfig;
import io.jsuper.jsuperd.config.WatcherConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * supervisord's {@code GROUP:*} and {@code GROUP:NAME} over jsuper's watchers. A watcher's group is its
 * {@code group} option (a supervisord {@code [program:x]} is group x; {@code [group:g] programs=a,b} moves a and b
 * to g), else its own name. {@code web:2} (digits after the colon) stays jsuper's process number and is not a
 * group spec. Pure: it reads only the config in force.
 */
final class GroupSpec {
    private GroupSpec() {
    }

    /** True for {@code G:*} and {@code G:NAME} with a NAME that is not a process number. */
    static boolean is(String name) {
        int colon = name.indexOf(':');
        if (colon <= 0 || colon == name.length() - 1 || name.indexOf(':', colon + 1) >= 0) {
            return false;
        }
        String rest = name.substring(colon + 1);
        return rest.equals("*") || !rest.chars().allMatch(Character::isDigit);
    }

    /** The watchers {@code spec} names, in config order; BAD_NAME when the group or the member does not exist. */
    static List<String> watchers(String spec, JsuperConfig config) {
        int colon = spec.indexOf(':');
        String group = spec.substring(0, colon);
        String member = spec.substring(colon + 1);
        List<String> inGroup = new ArrayList<>();
        for (WatcherConfig w : config.watchers().values()) {
            if (w.monitoring().groupOr(w.name()).equals(group)) {
                inGroup.add(w.name());
            }
        }
        if (inGroup.isEmpty()) {
            throw new ControlException(ErrorCode.BAD_NAME, "no such group: " + group + " (in " + spec
                    + "; a process number after ':' is written web:1)");
        }
        if (member.equals("*")) {
            return inGroup;
        }
        if (!inGroup.contains(member)) {
            throw new ControlException(ErrorCode.BAD_NAME, "no such process: " + spec + " (group " + group + " has "
                    + String.join(", ", inGroup) + ")");
        }
        return List.of(member);
    }

    /**
     * Runs {@code command} on each watcher and answers every process it touched. Members already where the
     * command would take them (ALREADY_STARTED, NOT_RUNNING) are skipped, as for {@code all}, unless every member
     * is; any other failure fails the whole command, once all members have answered.
     */
    static CompletableFuture<List<ProcessInfo>> each(List<String> watchers,
                                                     Function<String, CompletableFuture<List<ProcessInfo>>> command) {
        List<CompletableFuture<List<ProcessInfo>>> answers = new ArrayList<>();
        for (String w : watchers) {
            CompletableFuture<List<ProcessInfo>> one;
            try {
                one = command.apply(w);
            } catch (RuntimeException e) {
                one = CompletableFuture.failedFuture(e);
            }
            answers.add(one);
        }
        return CompletableFuture.allOf(answers.stream().map(f -> f.handle((v, e) -> null))
                .toArray(CompletableFuture[]::new)).thenApply(ignored -> combine(answers));
    }

    private static List<ProcessInfo> combine(List<CompletableFuture<List<ProcessInfo>>> answers) {
        List<ProcessInfo> out = new ArrayList<>();
        RuntimeException harmless = null;
        for (CompletableFuture<List<ProcessInfo>> f : answers) {
            try {
                out.addAll(f.join());
            } catch (CompletionException e) {
                RuntimeException cause = e.getCause() instanceof RuntimeException r ? r : e;
                if (!(cause instanceof ControlException c)
                        || (c.code() != ErrorCode.ALREADY_STARTED && c.code() != ErrorCode.NOT_RUNNING)) {
                    throw cause;
                }
                harmless = harmless == null ? cause : harmless;
            }
        }
        if (out.isEmpty() && harmless != null) {
            throw harmless;
        }
        return out;
    }
}
