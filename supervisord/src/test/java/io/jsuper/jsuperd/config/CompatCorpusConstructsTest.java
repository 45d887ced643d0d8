package io.jsuper.jsuperd.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static io.jsuper.jsuperd.config.ConfigFiles.failure;
import static io.jsuper.jsuperd.config.ConfigFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The constructs of real supervisord and Circus files that jsuper used to refuse although their program accepts them. */
class CompatCorpusConstructsTest {

    @TempDir
    Path dir;

    private ConfigLoader.Loaded load(Path file) throws ConfigException {
        return ConfigLoader.loadWithWarnings(file, ConfigFiles.ENV, Accounts.UNCHECKED, Dialect.AUTO);
    }

    @Test
    void supervisordInclude_ofAFileThatDoesNotExist_isAWarning_andTheRestIsIncluded() throws ConfigException {
        write(dir, "present.conf", "[program:b]", "command = b");
        ConfigLoader.Loaded l = load(write(dir, "s.conf", "[supervisord]", "[include]",
                "files = /nowhere/stations.conf present.conf", "[program:a]", "command = a"));
        assertEquals(List.of("a", "b"), List.copyOf(l.config().watchers().keySet()));
        assertTrue(l.warnings().toString().contains("s.conf:3: [include] files: no file matches /nowhere/stations.conf: "
                + "nothing included from it (supervisord warns and goes on too)"), l.warnings().toString());
    }

    @Test
    void jsuperInclude_ofAFileThatDoesNotExist_staysAnError() {
        String m = failure(write(dir, "j.ini", "[jsuperd]", "include = /nowhere/x.ini", "[watcher:a]", "cmd = a"))
                .getMessage();
        assertTrue(m.contains("j.ini:2: [jsuperd] include: included file /nowhere/x.ini does not exist"), m);
    }

    @Test
    void circusUnknownOption_isIgnoredWithAWarning_asCircusDoes() throws ConfigException {
        ConfigLoader.Loaded l = load(write(dir, "c.ini", "[watcher:web]", "GC_LIMIT=900", "cmd = run", "flavour = x"));
        assertEquals("run", l.config().watchers().get("web").cmd());
        String w = l.warnings().toString();
        assertTrue(w.contains("c.ini:2: [watcher:web] GC_LIMIT: not an option of Circus or jsuper, ignored (as Circus "
                + "does); it looks like an environment variable (expected an [env:web] entry if it is one"), w);
        assertTrue(w.contains("c.ini:4: [watcher:web] flavour: not an option of Circus or jsuper, ignored"), w);
    }

    @Test
    void circusOptionThatLooksLikeATypo_staysAnError_sinceCircusWouldSilentlyDropIt() {
        String m = failure(write(dir, "c.ini", "[watcher:web]", "cmd = run", "workding_dir = /srv", "user = www"))
                .getMessage();
        assertTrue(m.contains("c.ini:3: [watcher:web] workding_dir: unknown option \"workding_dir\"; did you mean working_dir?"), m);
        assertTrue(m.contains("c.ini:4: [watcher:web] user: unknown option \"user\"; did you mean uid?"), m);
    }

    @Test
    void unknownOption_inAFileWithJsuperd_staysAnError() {
        String m = failure(write(dir, "j.ini", "[jsuperd]", "[watcher:web]", "cmd = run", "flavour = x")).getMessage();
        assertTrue(m.contains("j.ini:4: [watcher:web] flavour: unknown option \"flavour\""), m);
    }

    @Test
    void circusPythonStreamClass_isAWarning_andTheOutputGoesToTheDefaultFile() throws ConfigException {
        ConfigLoader.Loaded l = load(write(dir, "c.ini", "[circus]", "[watcher:web]", "cmd = run",
                "stdout_stream.class = mypkg.streams.JournalStream", "stderr_stream.class = mypkg.EmojiStdoutStream"));
        WatcherConfig web = l.config().watchers().get("web");
        assertNull(web.stdout().console(), "a file, not jsuperd's console");
        assertNull(web.stderr().console());
        String w = l.warnings().toString();
        assertTrue(w.contains("c.ini:4: [watcher:web] stdout_stream.class: \"mypkg.streams.JournalStream\" is a Python "
                + "stream class and cannot be loaded in jsuper: the output goes to jsuper's default file for stdout under "
                + "logdir instead"), w);
        assertTrue(w.contains("c.ini:5: [watcher:web] stderr_stream.class: \"mypkg.EmojiStdoutStream\""), w);
    }

    @Test
    void circusHook_staysAnError_namingWhatToUseInstead() {
        String m = failure(write(dir, "c.ini", "[watcher:web]", "cmd = run", "hooks.before_start = pkg.hook")).getMessage();
        assertTrue(m.contains("c.ini:3: [watcher:web] hooks.before_start: Circus hooks are Python callables and cannot run "
                + "in jsuper (expected remove it; run the step in a wrapper script as cmd"), m);
        assertFalse(m.contains("unknown option"), m);
    }
}
