package io.jsuper.jsuperd.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Optional;

import static io.jsuper.jsuperd.config.ConfigFiles.failure;
import static io.jsuper.jsuperd.config.ConfigFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** supervisord's groups: a program is its own group, [group:x] programs=a,b moves them to x; jsuper's group option. */
class SupervisordGroupsTest {

    @TempDir
    Path dir;

    private ConfigLoader.Loaded load(Path file) throws ConfigException {
        return ConfigLoader.loadWithWarnings(file, ConfigFiles.ENV, Accounts.UNCHECKED, Dialect.AUTO);
    }

    private static Optional<String> group(ConfigLoader.Loaded l, String watcher) {
        return l.config().watchers().get(watcher).monitoring().group();
    }

    @Test
    void programs_areTheirOwnGroup_andGroupSectionsRegroupThem() throws ConfigException {
        ConfigLoader.Loaded l = load(write(dir, "s.conf",
                "[program:web]", "command = web", "process_name = %(program_name)s_%(process_num)02d", "numprocs = 2",
                "[program:a]", "command = a", "[program:b]", "command = b", "[program:c]", "command = c",
                "[group:svc]", "programs = a, b", "priority = 5"));
        assertEquals(Optional.of("web"), group(l, "web_00"));
        assertEquals(Optional.of("web"), group(l, "web_01"));
        assertEquals(Optional.of("svc"), group(l, "a"));
        assertEquals(Optional.of("svc"), group(l, "b"));
        assertEquals(Optional.of("c"), group(l, "c"));
        assertTrue(l.warnings().toString().contains("[group:svc] priority: a group's priority is not applied"),
                l.warnings().toString());
    }

    @Test
    void groupOfAMissingProgram_isAWarning_andAGroupWithoutPrograms_anError() throws ConfigException {
        ConfigLoader.Loaded l = load(write(dir, "s.conf", "[program:a]", "command = a", "[group:g]", "programs = a,zz"));
        assertTrue(l.warnings().toString().contains("no [program:zz] in this file"), l.warnings().toString());
        String m = failure(write(dir, "t.conf", "[program:a]", "command = a", "[group:g]", "priority = 1")).getMessage();
        assertTrue(m.contains("[group:g] without programs"), m);
    }

    @Test
    void jsuperGroupOption_isChecked() throws ConfigException {
        ConfigLoader.Loaded l = load(write(dir, "j.ini", "[watcher:a]", "cmd = a", "group = svc"));
        assertEquals(Optional.of("svc"), group(l, "a"));
        String m = failure(write(dir, "k.ini", "[watcher:a]", "cmd = a", "group = x:y")).getMessage();
        assertTrue(m.contains("is not a group name") && m.contains("no ':'"), m);
    }
}
