package io.jsuper.jsuperd.core;

import io.jsuper.jsuperd.os.GroupEntry;
import io.jsuper.jsuperd.os.Posix;
import io.jsuper.jsuperd.os.Signal;
import io.jsuper.jsuperd.os.SpawnException;
import io.jsuper.jsuperd.os.SpawnRequest;
import io.jsuper.jsuperd.os.SpawnedChild;
import io.jsuper.jsuperd.os.UserEntry;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Records what the core asks of the OS; spawns nothing. */
final class FakePosix implements Posix {
    record Kill(int pid, Signal signal, boolean group) {
    }

    final List<SpawnRequest> spawned = java.util.Collections.synchronizedList(new ArrayList<>());
    final List<Kill> kills = java.util.Collections.synchronizedList(new ArrayList<>());
    String nextSpawnFailure;
    String nextExecFailure;
    int nextPid = 100;
    int euid = 1000;

    @Override
    public SpawnedChild spawn(SpawnRequest request) throws SpawnException {
        if (nextSpawnFailure != null) {
            throw new SpawnException(nextSpawnFailure);
        }
        spawned.add(request);
        int pid = nextPid++;
        return new SpawnedChild(pid, 1000 + pid, 2000 + pid, 3000 + pid, request.openStdin() ? 4000 + pid : -1);
    }

    /** What the core wrote to each stdin pipe; {@link #stdinRoom} bytes fit before a write is partial. */
    final java.util.Map<Integer, java.io.ByteArrayOutputStream> written = new java.util.HashMap<>();
    final java.util.Set<Integer> closed = new java.util.HashSet<>();
    int stdinRoom = Integer.MAX_VALUE;

    @Override
    public int writeSome(int fd, byte[] bytes, int offset, int length) {
        if (closed.contains(fd)) {
            return -1;
        }
        int n = Math.min(length, stdinRoom);
        written.computeIfAbsent(fd, k -> new java.io.ByteArrayOutputStream()).write(bytes, offset, n);
        stdinRoom -= n;
        return n;
    }

    @Override
    public void close(int fd) {
        closed.add(fd);
    }

    @Override
    public Optional<String> readExecFailure(int statusFd) {
        String f = nextExecFailure;
        nextExecFailure = null;
        return Optional.ofNullable(f);
    }

    @Override
    public boolean kill(int pid, Signal signal) {
        kills.add(new Kill(pid, signal, false));
        return true;
    }

    @Override
    public boolean killGroup(int pgid, Signal signal) {
        kills.add(new Kill(pgid, signal, true));
        return true;
    }

    /** Users by name and by number; app (1001) is also a member of staff (50). */
    final List<UserEntry> users = new ArrayList<>(List.of(
            new UserEntry("root", 0, 0, "/root", "/bin/bash"),
            new UserEntry("app", 1001, 1001, "/home/app", "/bin/sh")));
    final List<GroupEntry> groups = new ArrayList<>(List.of(
            new GroupEntry("root", 0), new GroupEntry("staff", 50), new GroupEntry("app", 1001)));

    @Override
    public Optional<UserEntry> lookupUser(String nameOrUid) {
        return users.stream().filter(u -> u.name().equals(nameOrUid) || Integer.toString(u.uid()).equals(nameOrUid))
                .findFirst();
    }

    @Override
    public Optional<GroupEntry> lookupGroup(String nameOrGid) {
        return groups.stream().filter(g -> g.name().equals(nameOrGid) || Integer.toString(g.gid()).equals(nameOrGid))
                .findFirst();
    }

    @Override
    public List<Integer> groupsOf(String userName, int gid) {
        return userName.equals("app") && gid != 50 ? List.of(gid, 50) : List.of(gid);
    }

    @Override
    public int geteuid() {
        return euid;
    }
}
