package io.jsuper.jsuperd.core;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The releases {@code rollback} can go back to, kept next to the control socket ({@code SOCKET.releases})
 * so that they survive a daemon restart: {@code WATCHER<TAB>RELEASE} lines, newest first, at most
 * {@link Deploys#HISTORY} per watcher. Written whole to a temporary file and renamed over the old one
 * (a crash leaves the old or the new file, never half of one), off the loop; a file that cannot be read is
 * reported in the log and ignored, never fatal.
 */
public final class ReleaseHistoryFile implements Deploys.HistoryStore {
    private static final Logger log = LoggerFactory.getLogger(ReleaseHistoryFile.class);
    static final String MAGIC = "jsuperd-releases 1";
    static final long MAX_BYTES = 4L << 20;
    static final int MAX_WATCHERS = 10_000;

    private final Path file;
    private final Executor writer;

    ReleaseHistoryFile(Path file, Executor writer) {
        this.file = file;
        this.writer = writer;
    }

    /** The history beside {@code socket}, written by one daemon thread that only ever keeps the newest snapshot. */
    public static ReleaseHistoryFile beside(Path socket) {
        ThreadPoolExecutor one = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1), r -> {
            Thread t = new Thread(r, "jsuperd-releases");
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.DiscardOldestPolicy()); // each snapshot is whole: the latest one wins
        return new ReleaseHistoryFile(socket.resolveSibling(socket.getFileName() + ".releases"), one);
    }

    @Override
    public Map<String, List<Path>> load() {
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new IOException("larger than " + MAX_BYTES + " bytes");
            }
            return parse(Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Map.of();
        } catch (IOException | RuntimeException e) {
            log.warn("release history {} is unusable ({}): ignored, rollback knows no earlier release until the next "
                    + "deploy (which rewrites the file)", file, e.getMessage());
            return Map.of();
        }
    }

    static Map<String, List<Path>> parse(List<String> lines) throws IOException {
        if (lines.isEmpty() || !lines.get(0).equals(MAGIC)) {
            throw new IOException("line 1: expected '" + MAGIC + "'");
        }
        Map<String, List<Path>> out = new LinkedHashMap<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            int tab = line.indexOf('\t');
            Path release = tab <= 0 ? null : Path.of(line.substring(tab + 1));
            if (release == null || !release.isAbsolute()) {
                throw new IOException("line " + (i + 1) + ": expected WATCHER<TAB>/absolute/release/dir");
            }
            List<Path> list = out.computeIfAbsent(line.substring(0, tab), n -> new ArrayList<>());
            if (out.size() > MAX_WATCHERS) {
                throw new IOException("more than " + MAX_WATCHERS + " watchers");
            }
            if (list.size() < Deploys.HISTORY) {
                list.add(release);
            }
        }
        return out;
    }

    @Override
    public void save(Map<String, List<Path>> history) {
        String text = format(history);
        writer.execute(() -> {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (SeekableByteChannel out = Files.newByteChannel(tmp, Set.of(StandardOpenOption.WRITE,
                    StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
                out.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException | RuntimeException e) {
                log.warn("cannot write the release history {}: {} (rollback after a daemon restart will not know "
                        + "the releases deployed since)", file, e.getMessage());
            }
        });
    }

    static String format(Map<String, List<Path>> history) {
        StringBuilder b = new StringBuilder(MAGIC).append('\n');
        history.forEach((watcher, releases) -> releases.stream().limit(Deploys.HISTORY)
                .map(Path::toString).filter(r -> r.indexOf('\n') < 0 && r.indexOf('\r') < 0) // unstorable: left out
                .forEach(r -> b.append(watcher).append('\t').append(r).append('\n')));
        return b.toString();
    }
}
