package io.jsuper.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * Starts the built daemon (packaging/target/jsuper/bin/jsuperd) on a config in a temp dir, talks to it
 * over its unix socket, and on close makes sure nothing it started survives (by pid, never by name).
 */
public final class DaemonHarness implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    public final Path dir;
    public final Path config;
    public final Path socket;
    public final Path logdir;
    public final Path daemonLog;
    /** Added to the daemon's environment (which is otherwise the test JVM's). */
    public final java.util.Map<String, String> environment = new java.util.HashMap<>();
    /** Put in front of bin/jsuperd by {@link #start()} (e.g. {@code prlimit --nofile=N:N}). */
    public final List<String> launcher = new ArrayList<>();
    private Process daemon;
    private final Set<Long> seenPids = new HashSet<>();
    /** Extra {@code [jsuperd]} lines (e.g. {@code http = 127.0.0.1:PORT}), kept by every {@link #writeConfig}. */
    private String daemonLines = "";

    public DaemonHarness(Path dir, String watchers) throws IOException {
        this(dir, "", watchers);
    }

    /** {@code daemonLines}: extra lines for the {@code [jsuperd]} section, newline-terminated. */
    public DaemonHarness(Path dir, String daemonLines, String watchers) throws IOException {
        this(dir, dir.resolve("jsuperd.sock"), daemonLines, watchers);
    }

    public DaemonHarness(Path dir, Path socket, String daemonLines, String watchers) throws IOException {
        this.dir = dir;
        this.daemonLines = daemonLines;
        this.config = dir.resolve("jsuperd.ini");
        this.socket = socket;
        this.logdir = dir.resolve("logs");
        this.daemonLog = dir.resolve("daemon.log");
        writeConfig(watchers);
    }

    public static Path dist() {
        return Path.of(System.getProperty("jsuper.dist", "packaging/target/jsuper")).toAbsolutePath().normalize();
    }

    /**
     * The command line of a jsuperctl that a test will stop with SIGINT (Ctrl-C): run through
     * {@code env --default-signal=INT}, since a test JVM started in the background by a non-interactive shell
     * inherits SIGINT ignored, and a JVM leaves an ignored SIGINT ignored. {@code env} execs, so the pid stays.
     */
    public static List<String> ctlForCtrlC(List<String> args) {
        List<String> cmd = new ArrayList<>(List.of("env", "--default-signal=INT", dist().resolve("bin/jsuperctl").toString()));
        cmd.addAll(args);
        return cmd;
    }

    public void writeConfig(String watchers) throws IOException {
        Files.writeString(config, "[jsuperd]\nsocket = " + socket + "\nlogdir = " + logdir
                + "\npidfile = " + dir.resolve("jsuperd.pid") + "\nloglevel = debug\n" + daemonLines + "\n" + watchers);
    }

    public DaemonHarness start() throws IOException {
        List<String> cmd = new ArrayList<>(launcher);
        cmd.addAll(List.of(dist().resolve("bin/jsuperd").toString(), "-c", config.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(environment);
        pb.redirectErrorStream(true);
        pb.redirectOutput(daemonLog.toFile());
        daemon = pb.start();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).until(() -> {
            if (!daemon.isAlive()) {
                throw new AssertionError("jsuperd exited with " + daemon.exitValue() + ":\n" + daemonLogText());
            }
            return Files.exists(socket) && tryGet("/health") != null;
        });
        return this;
    }

    /**
     * Starts jsuperd on this config without waiting for it; for a start that is expected to fail. The caller
     * waits for it and reads its output (stdout and stderr merged into {@code log}).
     */
    public Process startRaw(Path log) throws IOException {
        return new ProcessBuilder(dist().resolve("bin/jsuperd").toString(), "-c", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    public long pid() {
        return daemon.pid();
    }

    public Process process() {
        return daemon;
    }

    public String daemonLogText() {
        try {
            return Files.exists(daemonLog) ? Files.readString(daemonLog) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends a signal to the daemon by pid. */
    public void signalDaemon(String signal) throws IOException, InterruptedException {
        Processes.kill(daemon.pid(), signal);
    }

    // ---- API

    public record Response(int status, JsonNode body) {
    }

    public Response request(String method, String path, String body) {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            String head = method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + payload.length + "\r\n\r\n";
            ch.write(ByteBuffer.wrap(head.getBytes(StandardCharsets.US_ASCII)));
            try {
                ch.write(ByteBuffer.wrap(payload));
            } catch (IOException e) {
                // The daemon may answer (e.g. 413 from the headers alone) and close before the body is sent:
                // the answer is still there to read.
            }
            var out = new java.io.ByteArrayOutputStream();
            ByteBuffer buf = ByteBuffer.allocate(65536);
            try {
                while (ch.read(buf) >= 0) {
                    out.write(buf.array(), 0, buf.position());
                    buf.clear();
                }
            } catch (java.net.SocketException e) {
                // A reset after the answer (the daemon closed with the unread rest of a refused body): keep
                // what arrived; with nothing received it is a real failure.
                if (out.size() == 0) {
                    throw e;
                }
            }
            String text = out.toString(StandardCharsets.UTF_8);
            int status = Integer.parseInt(text.substring(9, 12));
            int split = text.indexOf("\r\n\r\n");
            String content = split < 0 ? "" : text.substring(split + 4);
            JsonNode json = content.isBlank() ? null : JSON.readTree(content);
            return new Response(status, json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Response post(String path) {
        return request("POST", path, null);
    }

    public JsonNode get(String path) {
        Response r = request("GET", path, null);
        if (r.status() != 200) {
            throw new AssertionError("GET " + path + " -> " + r.status() + " " + r.body());
        }
        return r.body();
    }

    private JsonNode tryGet(String path) {
        try {
            Response r = request("GET", path, null);
            return r.status() == 200 ? r.body() : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Every process of every watcher (remembering pids so that close() can clean up). */
    public List<JsonNode> services() {
        List<JsonNode> list = new ArrayList<>();
        get("/services").get("services").forEach(list::add);
        for (JsonNode p : list) {
            if (p.get("pid").asLong() > 0) {
                seenPids.add(p.get("pid").asLong());
            }
        }
        return list;
    }

    public List<JsonNode> processesOf(String watcher) {
        return services().stream().filter(p -> p.get("watcher").asText().equals(watcher)).toList();
    }

    public JsonNode process(String watcher, int wid) {
        return processesOf(watcher).stream().filter(p -> p.get("wid").asInt() == wid).findFirst()
                .orElseThrow(() -> new AssertionError("no process " + watcher + ":" + wid + " in " + services()));
    }

    public String state(String watcher, int wid) {
        return process(watcher, wid).get("state").asText();
    }

    public long pidOf(String watcher, int wid) {
        return process(watcher, wid).get("pid").asLong();
    }

    public void awaitState(String watcher, int wid, String state) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
                .until(() -> state.equals(state(watcher, wid)));
    }

    public void awaitAll(String watcher, String state) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> {
                    List<JsonNode> ps = processesOf(watcher);
                    return !ps.isEmpty() && ps.stream().allMatch(p -> p.get("state").asText().equals(state));
                });
    }

    public void remember(long pid) {
        seenPids.add(pid);
    }

    // ---- the real client, as a subprocess

    /** What one jsuperctl run printed, and its exit code. */
    public record Ctl(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }

        public List<String> errLines() {
            return err.lines().toList();
        }
    }

    /** {@code bin/jsuperctl --socket SOCKET ARGS…}. */
    public Ctl ctl(String... args) {
        List<String> all = new ArrayList<>(List.of("--socket", socket.toString()));
        all.addAll(List.of(args));
        return runCtl(all, null, Map.of());
    }

    /** {@code bin/jsuperctl -c CONFIG ARGS…}. */
    public Ctl ctlWithConfig(String... args) {
        List<String> all = new ArrayList<>(List.of("-c", config.toString()));
        all.addAll(List.of(args));
        return runCtl(all, null, Map.of());
    }

    /** Runs bin/jsuperctl with exactly these arguments, feeding {@code stdin} (may be null), 60 s at most. */
    public static Ctl runCtl(List<String> args, String stdin, Map<String, String> env) {
        List<String> cmd = new ArrayList<>();
        cmd.add(dist().resolve("bin/jsuperctl").toString());
        cmd.addAll(args);
        return run(cmd, stdin, env);
    }

    /** Runs any command, capturing stdout, stderr and exit code; fails the test after 60 s (and kills it). */
    public static Ctl run(List<String> cmd, String stdin, Map<String, String> env) {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.environment().remove("JSUPER_SOCKET");
            pb.environment().remove("JSUPER_TOKEN");
            pb.environment().putAll(env);
            Process p = pb.start();
            CompletableFuture<String> out = drain(p.getInputStream());
            CompletableFuture<String> err = drain(p.getErrorStream());
            try (var in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError(cmd + " did not finish within 60 s");
            }
            return new Ctl(p.exitValue(), out.get(10, TimeUnit.SECONDS), err.get(10, TimeUnit.SECONDS));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new AssertionError(cmd + ": " + e, e);
        }
    }

    private static CompletableFuture<String> drain(java.io.InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** A loopback TCP port that was free a moment ago (bound to port 0, then closed). */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    // ---- teardown

    @Override
    public void close() throws Exception {
        if (daemon == null) {
            return;
        }
        Set<Long> descendants = new HashSet<>(seenPids);
        descendants.addAll(Processes.descendantsOf(daemon.pid()));
        if (daemon.isAlive()) {
            Processes.kill(daemon.pid(), "TERM");
            if (!daemon.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                Processes.kill(daemon.pid(), "KILL");
            }
        }
        for (long pid : descendants) {
            if (Processes.isAlive(pid)) {
                Processes.killGroup(pid, "KILL");
                Processes.kill(pid, "KILL");
            }
        }
    }

    public static String read(Path p) throws IOException {
        return Files.exists(p) ? Files.readString(p) : "";
    }

    public static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }
}
