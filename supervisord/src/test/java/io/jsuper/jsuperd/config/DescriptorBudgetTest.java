package io.jsuper.jsuperd.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.jsuper.jsuperd.config.ConfigFiles.load;
import static io.jsuper.jsuperd.config.ConfigFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DescriptorBudgetTest {

    @TempDir
    Path dir;

    @Test
    void countsFivePerProcess_threeWithRedirectStderr_plusTheDaemonsReserve() throws Exception {
        JsuperConfig c = load(write(dir, "jsuperd.ini", "[watcher:a]", "cmd = x", "numprocesses = 10",
                "[watcher:b]", "cmd = x", "numprocesses = 4", "redirect_stderr = true"));
        assertEquals(262 + 50 + 12, DescriptorBudget.needed(c));
    }

    /** Regression (issue 9 #10): numprocesses = 5000 under a 20000 fd limit was accepted, then 1007 FATAL. */
    @Test
    void configThatCannotFit_isRefusedWithTheNumbers() throws Exception {
        JsuperConfig c = load(write(dir, "jsuperd.ini", "[watcher:a]", "cmd = x", "numprocesses = 5000"));
        ConfigException e = assertThrows(ConfigException.class, () -> DescriptorBudget.check(c, 20_000, 20_000));
        assertTrue(e.getMessage().contains("the config needs 25262 file descriptors (5000 processes"), e.getMessage());
        assertTrue(e.getMessage().contains("only 20000 are available"), e.getMessage());
        DescriptorBudget.check(c, 25_262, 25_262);
    }

    @Test
    void minfdsRaisesTheNeed() throws Exception {
        JsuperConfig c = load(write(dir, "jsuperd.ini", "[jsuperd]", "minfds = 4096", "[watcher:a]", "cmd = x"));
        assertEquals(4096, DescriptorBudget.needed(c));
        ConfigException e = assertThrows(ConfigException.class, () -> DescriptorBudget.check(c, 1024, 1024));
        assertTrue(e.getMessage().contains("(minfds = 4096)"), e.getMessage());
    }
}
