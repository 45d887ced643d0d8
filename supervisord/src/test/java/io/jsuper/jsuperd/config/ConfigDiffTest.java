package io.jsuper.jsuperd.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static io.jsuper.jsuperd.config.ConfigFiles.load;
import static io.jsuper.jsuperd.config.ConfigFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigDiffTest {

    @TempDir
    Path dir;

    @Test
    void sortsWatchersIntoAddedChangedRemovedUnchanged() throws Exception {
        JsuperConfig before = load(write(dir, "old.ini", "[watcher:keep]", "cmd = a", "[watcher:edit]", "cmd = a",
                "[watcher:gone]", "cmd = a"));
        JsuperConfig after = load(write(dir, "new.ini", "[watcher:new]", "cmd = a", "[watcher:edit]", "cmd = a",
                "numprocesses = 2", "[watcher:keep]", "cmd = a ; only a comment changed"));
        ConfigDiff d = ConfigDiff.between(before, after);
        assertEquals(List.of("new"), d.added());
        assertEquals(List.of("edit"), d.changed());
        assertEquals(List.of("gone"), d.removed());
        assertEquals(List.of("keep"), d.unchanged());
        assertFalse(d.daemonChanged());
    }

    @Test
    void sameFileTwiceIsAnEmptyDiff() throws Exception {
        Path f = write(dir, "jsuperd.ini", "[watcher:a]", "cmd = x", "env = A=1, B=2", "[env:a]", "C = 3");
        ConfigDiff d = ConfigDiff.between(load(f), load(f));
        assertTrue(d.added().isEmpty() && d.changed().isEmpty() && d.removed().isEmpty() && !d.daemonChanged());
        assertEquals(List.of("a"), d.unchanged());
    }

    @Test
    void envSectionChangeMarksWatcherChanged() throws Exception {
        JsuperConfig before = load(write(dir, "a.ini", "[watcher:a]", "cmd = x", "[env:a]", "C = 3"));
        JsuperConfig after = load(write(dir, "b.ini", "[watcher:a]", "cmd = x", "[env:a]", "C = 4"));
        assertEquals(List.of("a"), ConfigDiff.between(before, after).changed());
    }

    @Test
    void daemonSettingsChangeIsReported() throws Exception {
        JsuperConfig before = load(write(dir, "a.ini", "[jsuperd]", "loglevel = info"));
        JsuperConfig after = load(write(dir, "b.ini", "[jsuperd]", "loglevel = debug"));
        assertTrue(ConfigDiff.between(before, after).daemonChanged());
    }
}
