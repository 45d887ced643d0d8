package io.jsuper.e2e;

import io.jsuper.e2e.DaemonHarness.Ctl;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a one-shot {@code jsuperctl status} loads, read from the JVM's own class-load log of the built
 * launcher: start-up time is a feature (issue 15), and each of these once cost it 10-20 ms.
 */
class CtlStartupE2ETest extends DaemonE2ETest {
    @Test
    void oneShotStatus_usesTheAppCdsArchive_andLoadsNoPicocliJLineOrFormatter() throws Exception {
        jsuperd = new DaemonHarness(tmp, "[watcher:web]\ncmd = sleep 1000\nstartsecs = 0\n").start();
        jsuperd.awaitAll("web", "RUNNING");
        Path log = tmp.resolve("class-load.txt");
        Ctl r = DaemonHarness.runCtl(List.of("--socket", jsuperd.socket.toString(), "status"), null,
                Map.of("JSUPERCTL_JAVA_OPTS", "-Xlog:class+load=info:file=" + log));
        assertEquals(0, r.exit(), r.toString());
        List<String> loaded = Files.readAllLines(log);
        assertTrue(loaded.stream().anyMatch(l -> l.contains(" io.jsuper.jsuperctl.Jsuperctl source: shared objects file")),
                "the launcher's class path does not match the AppCDS archive (libexec/jsuper-cds)");
        for (String unwanted : List.of(" picocli.", " org.jline.", " java.util.Formatter ", " java.util.ServiceLoader$LazyClassPathLookupIterator ")) {
            List<String> hits = loaded.stream().filter(l -> l.contains(unwanted)).limit(3).toList();
            assertTrue(hits.isEmpty(), "a one-shot status loaded" + unwanted + ": " + hits);
        }
        // javac's invokedynamic string concatenation spins method-handle classes that Java 17's archive
        // does not keep (ctl is compiled with -XDstringConcat=inline); the JDK's own SelectorProvider spins one.
        long spun = loaded.stream().filter(l -> l.contains("LambdaForm$MH/") && l.contains("__JVM_LookupDefineClass__")).count();
        assertTrue(spun <= 2, spun + " method-handle classes spun at run time");
    }
}
