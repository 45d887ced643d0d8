package io.jsuper.jsuperd.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static io.jsuper.jsuperd.config.ConfigFiles.failure;
import static io.jsuper.jsuperd.config.ConfigFiles.load;
import static io.jsuper.jsuperd.config.ConfigFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigIncludesTest {

    @TempDir
    Path dir;

    @Test
    void globsAreRelativeToTheIncludingFile() throws Exception {
        write(dir, "etc/conf.d/b.ini", "[watcher:b]", "cmd = b");
        write(dir, "etc/conf.d/a.ini", "[watcher:a]", "cmd = a", "working_dir = data");
        write(dir, "etc/conf.d/skip.txt", "[watcher:skip]", "cmd = x");
        Path main = write(dir, "etc/jsuperd.ini", "[jsuperd]", "include = conf.d/*.ini extra/none-*.ini",
                "[watcher:main]", "cmd = m");
        JsuperConfig c = load(main);
        assertEquals(List.of("main", "a", "b"), List.copyOf(c.watchers().keySet()));
        assertEquals(dir.resolve("etc/conf.d/data"), c.watchers().get("a").workingDir());
    }

    @Test
    void globCharactersInTheDirectoryNameAreLiteral() throws Exception {
        write(dir, "we{i}rd[1]/conf.d/a.ini", "[watcher:a]", "cmd = a");
        write(dir, "we{i}rd[1]/conf.d/sub/deep.ini", "[watcher:deep]", "cmd = a");
        Path main = write(dir, "we{i}rd[1]/jsuperd.ini", "[jsuperd]", "include = conf.d/*.ini");
        assertEquals(List.of("a"), List.copyOf(load(main).watchers().keySet()));
        Path recursive = write(dir, "we{i}rd[1]/all.ini", "[jsuperd]", "include = conf.d/**.ini");
        assertEquals(List.of("a", "deep"), List.copyOf(load(recursive).watchers().keySet()));
    }

    @Test
    void includeDirTakesEveryIniFileSorted() throws Exception {
        write(dir, "d/2.ini", "[watcher:two]", "cmd = x");
        write(dir, "d/1.ini", "[watcher:one]", "cmd = x", "[env:main]", "FROM = include");
        write(dir, "d/notes.md", "not ini");
        JsuperConfig c = load(write(dir, "jsuperd.ini", "[jsuperd]", "include_dir = d", "[watcher:main]", "cmd = x"));
        assertEquals(List.of("main", "one", "two"), List.copyOf(c.watchers().keySet()));
        assertEquals("include", c.watchers().get("main").env().get("FROM"));
    }

    @Test
    void nestedIncludeIsRelativeToItsOwnFile() throws Exception {
        write(dir, "a/b/leaf.ini", "[watcher:leaf]", "cmd = %(here)s/run");
        write(dir, "a/mid.ini", "[jsuperd]", "include = b/leaf.ini");
        JsuperConfig c = load(write(dir, "jsuperd.ini", "[jsuperd]", "include = a/mid.ini"));
        assertEquals(dir.resolve("a/b") + "/run", c.watchers().get("leaf").cmd());
    }

    @Test
    void includeCycleIsAnError() {
        write(dir, "a.ini", "[jsuperd]", "include = b.ini", "[watcher:a]", "cmd = x");
        write(dir, "b.ini", "[jsuperd]", "include = a.ini");
        ConfigException e = failure(write(dir, "jsuperd.ini", "[jsuperd]", "include = a.ini"));
        assertEquals("b.ini:2: [jsuperd] include: include cycle: a.ini -> b.ini -> a.ini (expected includes that form no loop)",
                e.getMessage());
    }

    @Test
    void includingItselfIsACycle() {
        ConfigException e = failure(write(dir, "jsuperd.ini", "[jsuperd]", "include_dir = .", "[watcher:a]", "cmd = x"));
        assertTrue(e.getMessage().contains("include cycle: jsuperd.ini -> jsuperd.ini"), e.getMessage());
    }

    @Test
    void watcherDefinedInTwoFilesIsAnErrorNamingBoth() {
        write(dir, "conf.d/web.ini", "", "[watcher:web]", "cmd = y");
        ConfigException e = failure(write(dir, "jsuperd.ini", "[jsuperd]", "include = conf.d/web.ini",
                "[watcher:web]", "cmd = x"));
        assertEquals("conf.d/web.ini:2: watcher web is defined twice: at jsuperd.ini:3 and at conf.d/web.ini:2 "
                + "(expected each section once across all included files)", e.getMessage());
    }

    @Test
    void missingLiteralIncludeIsAnErrorButEmptyGlobIsNot() {
        ConfigException e = failure(write(dir, "jsuperd.ini", "[jsuperd]", "include = nope.ini none/*.ini",
                "include_dir = missing"));
        assertEquals(String.join("\n",
                "jsuperd.ini:2: [jsuperd] include: included file nope.ini does not exist (expected an existing file, "
                        + "or a glob such as conf.d/*.ini (which may match nothing))",
                "jsuperd.ini:3: [jsuperd] include_dir: include_dir missing is not a directory (expected an existing directory)"),
                e.getMessage());
    }

    @Test
    void includedFileMayNotSetDaemonOptions() {
        write(dir, "x.ini", "[jsuperd]", "http = 9000");
        ConfigException e = failure(write(dir, "jsuperd.ini", "[jsuperd]", "include = x.ini"));
        assertTrue(e.getMessage().startsWith("x.ini:2: [jsuperd] http: only include and include_dir may be set"),
                e.getMessage());
    }

    @Test
    void errorsInIncludedFilesCarryTheirOwnFileAndLine() {
        write(dir, "conf.d/w.ini", "[watcher:w]", "cmd = x", "numprocesses = many");
        ConfigException e = failure(write(dir, "jsuperd.ini", "[jsuperd]", "include = conf.d/*.ini"));
        assertTrue(e.getMessage().startsWith("conf.d/w.ini:3: [watcher:w] numprocesses: \"many\" is not an integer"),
                e.getMessage());
        assertEquals(dir.resolve("conf.d/w.ini"), e.errors().get(0).file());
    }

    @Test
    void fileReachedTwiceWithoutCycleIsReadOnce() throws Exception {
        write(dir, "shared.ini", "[watcher:s]", "cmd = x");
        write(dir, "a.ini", "[jsuperd]", "include = shared.ini");
        JsuperConfig c = load(write(dir, "jsuperd.ini", "[jsuperd]", "include = a.ini shared.ini"));
        assertEquals(List.of("s"), List.copyOf(c.watchers().keySet()));
    }
}
