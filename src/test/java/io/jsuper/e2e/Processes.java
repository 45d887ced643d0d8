package io.jsuper.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** Reads /proc and sends signals by pid or process group, never by name. */
public final class Processes {
    private Processes() {
    }

    public static void kill(long pid, String signal) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start().waitFor();
    }

    public static void killGroup(long pgid, String signal) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + signal, "--", "-" + pgid).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
    }

    /** Alive and not a zombie. */
    public static boolean isAlive(long pid) {
        return stat(pid).map(f -> !f[2].equals("Z")).orElse(false);
    }

    /** Fields of /proc/PID/stat after the command name: [0]=pid, [2]=state, [3]=ppid, [4]=pgrp, [5]=session. */
    public static Optional<String[]> stat(long pid) {
        try {
            String s = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            int close = s.lastIndexOf(')');
            String[] rest = s.substring(close + 2).split(" ");
            String[] fields = new String[rest.length + 2];
            fields[0] = Long.toString(pid);
            fields[1] = s.substring(s.indexOf('(') + 1, close);
            System.arraycopy(rest, 0, fields, 2, rest.length);
            return Optional.of(fields);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public static long pgrp(long pid) {
        return stat(pid).map(f -> Long.parseLong(f[4])).orElse(-1L);
    }

    public static long session(long pid) {
        return stat(pid).map(f -> Long.parseLong(f[5])).orElse(-1L);
    }

    /** Live (non-zombie) members of a process group. */
    public static List<Long> groupMembers(long pgid) {
        List<Long> members = new ArrayList<>();
        for (long pid : allPids()) {
            Optional<String[]> st = stat(pid);
            if (st.isPresent() && Long.parseLong(st.get()[4]) == pgid && !st.get()[2].equals("Z")) {
                members.add(pid);
            }
        }
        return members;
    }

    public static List<Long> descendantsOf(long root) {
        Map<Long, List<Long>> children = new HashMap<>();
        for (long pid : allPids()) {
            stat(pid).ifPresent(f -> children.computeIfAbsent(Long.parseLong(f[3]), k -> new ArrayList<>()).add(pid));
        }
        List<Long> out = new ArrayList<>();
        List<Long> queue = new ArrayList<>(children.getOrDefault(root, List.of()));
        while (!queue.isEmpty()) {
            long pid = queue.remove(queue.size() - 1);
            out.add(pid);
            queue.addAll(children.getOrDefault(pid, List.of()));
        }
        return out;
    }

    /** Live processes whose environment holds {@code entry} (e.g. {@code MARK=uuid}); unreadable ones are skipped. */
    public static List<Long> withEnvironmentEntry(String entry) {
        List<Long> found = new ArrayList<>();
        byte[] wanted = (entry).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (long pid : allPids()) {
            try {
                byte[] env = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ"));
                if (containsEntry(env, wanted) && stat(pid).map(f -> !f[2].equals("Z")).orElse(false)) {
                    found.add(pid);
                }
            } catch (IOException | SecurityException e) {
                // gone, or not ours
            }
        }
        return found;
    }

    private static boolean containsEntry(byte[] env, byte[] wanted) {
        int start = 0;
        for (int i = 0; i <= env.length; i++) {
            if (i == env.length || env[i] == 0) {
                if (i - start == wanted.length && java.util.Arrays.equals(env, start, i, wanted, 0, wanted.length)) {
                    return true;
                }
                start = i + 1;
            }
        }
        return false;
    }

    /** The command line of {@code pid}, arguments joined by spaces; empty when gone. */
    public static String cmdline(long pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            return new String(raw, java.nio.charset.StandardCharsets.UTF_8).replace('\0', ' ').trim();
        } catch (IOException e) {
            return "";
        }
    }

    public static String status(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith(field + ":")) {
                return line.substring(field.length() + 1).trim();
            }
        }
        return null;
    }

    private static List<Long> allPids() {
        try (Stream<Path> s = Files.list(Path.of("/proc"))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit))
                    .map(Long::parseLong).toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
