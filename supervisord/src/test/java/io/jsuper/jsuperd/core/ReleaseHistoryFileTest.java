package io.jsuper.jsuperd.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** rollback's history on disk: round trip, bounded, written by rename, a bad file ignored (never fatal). */
class ReleaseHistoryFileTest {
    @TempDir
    Path dir;

    private ReleaseHistoryFile file() {
        return new ReleaseHistoryFile(dir.resolve("j.sock.releases"), Runnable::run);
    }

    @Test
    void whatIsSaved_isLoadedByTheNextDaemon_newestFirst() {
        Map<String, List<Path>> history = Map.of("web", List.of(Path.of("/srv/r/0.3"), Path.of("/srv/r/0.2")));
        file().save(history);
        assertEquals(history, file().load());
        assertFalse(Files.exists(dir.resolve("j.sock.releases.tmp")), "written to a temporary file, then renamed");
    }

    @Test
    void noFile_isAnEmptyHistory() {
        assertEquals(Map.of(), file().load());
    }

    @Test
    void aCorruptOrOversizedFile_isIgnored_notFatal() throws IOException {
        Path f = dir.resolve("j.sock.releases");
        Files.writeString(f, "garbage\n");
        assertEquals(Map.of(), file().load());
        Files.writeString(f, ReleaseHistoryFile.MAGIC + "\nweb\trelative/dir\n");
        assertEquals(Map.of(), file().load());
        Files.write(f, new byte[(int) ReleaseHistoryFile.MAX_BYTES + 1]);
        assertEquals(Map.of(), file().load());
    }

    @Test
    void atMostHistoryReleasesPerWatcher_areKept() throws IOException {
        List<String> lines = new ArrayList<>(List.of(ReleaseHistoryFile.MAGIC));
        IntStream.range(0, 25).forEach(i -> lines.add("web\t/srv/r/" + i));
        Files.write(dir.resolve("j.sock.releases"), lines);
        assertEquals(Deploys.HISTORY, file().load().get("web").size());
        assertEquals(Path.of("/srv/r/0"), file().load().get("web").get(0));
    }
}
