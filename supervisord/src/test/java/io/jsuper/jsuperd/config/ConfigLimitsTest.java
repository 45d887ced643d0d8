package io.jsuper.jsuperd.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static io.jsuper.jsuperd.config.ConfigFiles.failure;
import static io.jsuper.jsuperd.config.ConfigFiles.load;
import static io.jsuper.jsuperd.config.ConfigFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 9 #8, #9: no config can exhaust the daemon's memory or stack; every bound is a config error. */
class ConfigLimitsTest {

    @TempDir
    Path dir;

    @Test
    void tenMegabyteValue_isAnErrorNamingTheFile_notAnOutOfMemoryError() throws Exception {
        Path main = dir.resolve("jsuperd.ini");
        Files.writeString(main, "[watcher:big]\ncmd = echo\nargs = " + "a".repeat(10 * 1024 * 1024) + "\n");
        String message = failure(main).getMessage();
        assertTrue(message.contains("jsuperd.ini") && message.contains("larger than 4 MiB"), message);
    }

    @Test
    void overlongLine_isAnErrorWithFileAndLine_andTheRestIsStillChecked() {
        Path main = write(dir, "jsuperd.ini", "[watcher:big]", "cmd = echo",
                "args = " + "a".repeat(ConfigLimits.MAX_VALUE_CHARS), "numprocesses = x");
        String message = failure(main).getMessage();
        assertTrue(message.contains("jsuperd.ini:3") && message.contains("characters long"), message);
        assertTrue(message.contains("numprocesses"), "later errors are still reported: " + message);
    }

    @Test
    void valueGrowingPastTheBoundThroughContinuationLines_isAnError() {
        String piece = "  " + "b".repeat(60_000);
        Path main = write(dir, "jsuperd.ini", "[watcher:big]", "cmd = echo", "args = a", piece, piece, piece);
        String message = failure(main).getMessage();
        assertTrue(message.contains("jsuperd.ini:3") && message.contains("value grows past"), message);
    }

    @Test
    void interpolationCannotBuildAHugeValue() throws Exception {
        String refs = "%(ENV_BIG)s".repeat(100);
        Path main = write(dir, "jsuperd.ini", "[watcher:w]", "cmd = echo", "args = " + refs);
        try {
            ConfigLoader.load(main, Map.of("BIG", "x".repeat(100_000)));
            throw new AssertionError("accepted");
        } catch (ConfigException e) {
            assertTrue(e.getMessage().contains("once references are expanded"), e.getMessage());
        }
    }

    @Test
    void argvAndEnvironmentMustFitArgMax() {
        StringBuilder env = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            env.append("V").append(i).append(" = ").append("e".repeat(120_000)).append('\n');
        }
        Path main = write(dir, "jsuperd.ini", "[watcher:w]", "cmd = echo", "[env:w]", env.toString());
        String message = failure(main).getMessage();
        assertTrue(message.contains("[watcher:w]") && message.contains("ARG_MAX"), message.substring(0, Math.min(500, message.length())));
    }

    @Test
    void binaryEnvFile_isRefusedLineByLine() throws Exception {
        Files.write(dir.resolve("app.env"), new byte[] {'A', '=', 0, 1, 2, '\n'});
        Path main = write(dir, "jsuperd.ini", "[watcher:w]", "cmd = echo", "env_file = app.env");
        String message = failure(main).getMessage();
        assertTrue(message.contains("app.env:1") && message.contains("NUL byte"), message);
    }

    @Test
    void hugeEnvFile_isRefused() throws Exception {
        Files.writeString(dir.resolve("app.env"), ("A=" + "x".repeat(1000) + "\n").repeat(5000));
        Path main = write(dir, "jsuperd.ini", "[watcher:w]", "cmd = echo", "env_file = app.env");
        String message = failure(main).getMessage();
        assertTrue(message.contains("app.env") && message.contains("larger than 4 MiB"), message);
    }

    /** Regression (issue 9 #9): 3000 nested includes ended start-up with a StackOverflowError. */
    @Test
    void includeChain3000Deep_isAnErrorWithTheChain() throws Exception {
        for (int i = 1; i < 3000; i++) {
            write(dir, "inc/" + i + ".ini", "[jsuperd]", "include = " + (i + 1) + ".ini", "[watcher:w" + i + "]", "cmd = x");
        }
        write(dir, "inc/3000.ini", "[watcher:last]", "cmd = x");
        Path main = write(dir, "jsuperd.ini", "[jsuperd]", "include = inc/1.ini");
        String message = failure(main).getMessage();
        assertTrue(message.contains("includes nest more than " + ConfigLimits.MAX_INCLUDE_DEPTH + " files deep"), message);
        assertTrue(message.contains("jsuperd.ini -> inc/1.ini -> inc/2.ini"), message);
        assertEquals(1, message.lines().count(), message);
    }

    @Test
    void includeDepthAtTheBound_isAccepted() throws Exception {
        int depth = ConfigLimits.MAX_INCLUDE_DEPTH - 1;
        for (int i = 1; i < depth; i++) {
            write(dir, "inc/" + i + ".ini", "[jsuperd]", "include = " + (i + 1) + ".ini");
        }
        write(dir, "inc/" + depth + ".ini", "[watcher:deepest]", "cmd = x");
        Path main = write(dir, "jsuperd.ini", "[jsuperd]", "include = inc/1.ini");
        assertTrue(load(main).watchers().containsKey("deepest"));
    }

    @Test
    void includeCycle_isAnErrorWithTheChain() {
        write(dir, "a.ini", "[jsuperd]", "include = b.ini");
        write(dir, "b.ini", "[jsuperd]", "include = a.ini");
        Path main = write(dir, "jsuperd.ini", "[jsuperd]", "include = a.ini");
        String message = failure(main).getMessage();
        assertTrue(message.contains("include cycle: a.ini -> b.ini -> a.ini"), message);
    }

    @Test
    void tooManySections_isOneError() throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i <= ConfigLimits.MAX_SECTIONS; i++) {
            text.append("[watcher:w").append(i).append("]\ncmd = x\n");
        }
        Path main = dir.resolve("jsuperd.ini");
        Files.writeString(main, text);
        String message = failure(main).getMessage();
        assertTrue(message.contains("more than " + ConfigLimits.MAX_SECTIONS + " sections"), message);
        assertEquals(1, message.lines().count(), message);
    }

    @Test
    void outputToACharacterDeviceOrFifo_isRefusedAtLoad() throws Exception {
        Path fifo = dir.resolve("out.fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        Path main = write(dir, "jsuperd.ini", "[watcher:w]", "cmd = echo", "stdout_stream.filename = /dev/stdout",
                "stderr_stream.filename = " + fifo);
        String message = failure(main).getMessage();
        assertTrue(message.contains("stdout_stream.filename: \"/dev/stdout\" is a device or kernel file"), message);
        assertTrue(message.contains("stderr_stream.filename: \"" + fifo + "\" is not a regular file"), message);
    }

    @Test
    void fifoAtAConfigPath_failsAtOnce_neverBlocksTheLoad() throws Exception {
        Path fifo = dir.resolve("app.env");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        java.io.IOException e = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(20),
                () -> org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                        () -> ConfigLimits.read(fifo, new ErrorList())));
        assertEquals("not a regular file", e.getMessage());
    }

    @Test
    void fileReadInFull_upToTheBound() throws Exception {
        Path f = dir.resolve("a.ini");
        Files.write(f, new byte[ConfigLimits.MAX_FILE_BYTES]);
        ErrorList errors = new ErrorList();
        assertEquals(ConfigLimits.MAX_FILE_BYTES, ConfigLimits.read(f, errors).length);
        assertEquals(ConfigLimits.MAX_FILE_BYTES, errors.bytesRead());
        Files.write(f, new byte[ConfigLimits.MAX_FILE_BYTES + 1]);
        org.junit.jupiter.api.Assertions.assertThrows(ConfigLimits.TooLarge.class, () -> ConfigLimits.read(f, errors));
    }

    /** Read in chunks of 64 KiB (a read of 4 MiB at once left a 4 MiB direct buffer cached for good): in order. */
    @Test
    void fileReadInChunks_keepsEveryByteInOrder() throws Exception {
        byte[] content = new byte[3 * ConfigLimits.READ_CHUNK + 7];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i * 31 + i / 251);
        }
        Path f = Files.write(dir.resolve("b.ini"), content);
        org.junit.jupiter.api.Assertions.assertArrayEquals(content, ConfigLimits.read(f, new ErrorList()));
    }
}
