package io.jsuper.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.Set;
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
    private Process daemon;
    private final Set<Long> seenPids = new HashSet<>();

    public DaemonHarness(Path dir, String watchers) throws IOException {
        this.dir = dir;
        this.config = dir.resolve("jsuperd.ini");
        this.socket = dir.resolve("jsuperd.sock");
        this.logdir = dir.resolve("logs");
        this.daemonLog = dir.resolve("daemon.log");
        writeConfig(watchers);
    }

    public static Path dist() {
        return Path.of(System.getProperty("jsuper.dist", "packaging/target/jsuper")).toAbsolutePath().normalize();
    }

    public void writeConfig(String watchers) throws IOException {
        Files.writeString(config, "[jsuperd]\nsocket = " + socket + "\nlogdir = " + logdir
                + "\npidfile = " + dir.resolve("jsuperd.pid") + "\nloglevel = debug\n\n" + watchers);
    }

    public DaemonHarness start() throws IOException {
        ProcessBuilder pb = new ProcessBuilder(dist().resolve("bin/jsuperd").toString(), "-c", config.toString());
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
            ch.write(ByteBuffer.wrap(payload));
            var out = new java.io.ByteArrayOutputStream();
            ByteBuffer buf = ByteBuffer.allocate(65536);
            while (ch.read(buf) >= 0) {
                out.write(buf.array(), 0, buf.position());
                buf.clear();
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
