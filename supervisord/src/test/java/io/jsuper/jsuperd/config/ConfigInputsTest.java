package io.jsuper.jsuperd.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static io.jsuper.jsuperd.config.ConfigFiles.write;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a load read, so that restart parses the file again only when something it read changed. */
class ConfigInputsTest {

    @TempDir
    Path dir;

    /** A clock well past the files' times: nothing counts as racily recent. */
    private static final Clock LATER = Clock.fixed(Instant.now().plusSeconds(60), ZoneOffset.UTC);

    private ConfigLoader.Loaded load(Path file) throws ConfigException {
        return ConfigLoader.loadWithWarnings(file, ConfigFiles.ENV, Accounts.UNCHECKED, Dialect.AUTO);
    }

    @Test
    void aLoad_listsItsFilesAndTheDirectoriesItsIncludesListed() throws Exception {
        Files.createDirectories(dir.resolve("conf.d"));
        write(dir.resolve("conf.d"), "web.ini", "[watcher:web]", "cmd = sleep 1");
        Path main = write(dir, "jsuperd.ini", "[jsuperd]", "include = conf.d/*.ini", "[watcher:db]", "cmd = sleep 2");
        List<Path> inputs = load(main).inputs();
        assertTrue(inputs.stream().anyMatch(p -> p.endsWith("jsuperd.ini")), inputs.toString());
        assertTrue(inputs.stream().anyMatch(p -> p.endsWith("conf.d/web.ini")), inputs.toString());
        assertTrue(inputs.stream().anyMatch(p -> p.endsWith("conf.d")), inputs.toString());
    }

    @Test
    void unchangedFiles_areUnchanged_anEditOrANewIncludedFileIsNot() throws Exception {
        Files.createDirectories(dir.resolve("conf.d"));
        Path web = write(dir.resolve("conf.d"), "web.ini", "[watcher:web]", "cmd = sleep 1");
        Path main = write(dir, "jsuperd.ini", "[jsuperd]", "include = conf.d/*.ini");
        ConfigInputs inputs = ConfigInputs.of(load(main).inputs(), LATER);
        assertTrue(inputs.unchanged());

        write(dir.resolve("conf.d"), "api.ini", "[watcher:api]", "cmd = sleep 3");
        assertFalse(inputs.unchanged(), "a new file where the glob looks");

        inputs = ConfigInputs.of(load(main).inputs(), LATER);
        assertTrue(inputs.unchanged());
        Files.writeString(web, "[watcher:web]\ncmd = sleep 10\n");
        assertFalse(inputs.unchanged(), "an edited included file");
    }

    @Test
    void aFileWrittenJustBeforeTheLoad_isNeverTrusted() throws Exception {
        Path main = write(dir, "jsuperd.ini", "[watcher:web]", "cmd = sleep 1");
        assertFalse(ConfigInputs.of(load(main).inputs(), Clock.systemUTC()).unchanged(),
                "an edit in the same timestamp as the read could be missed");
        assertFalse(ConfigInputs.of(List.of(), LATER).unchanged(), "a load that says nothing of its files");
    }

    @Test
    void aDirectoryThatDidNotExist_andAppears_isAChange() throws Exception {
        Path main = write(dir, "jsuperd.ini", "[jsuperd]", "include = later/*.ini", "[watcher:web]", "cmd = sleep 1");
        ConfigInputs inputs = ConfigInputs.of(load(main).inputs(), LATER);
        assertTrue(inputs.unchanged());
        Files.createDirectories(dir.resolve("later"));
        assertFalse(inputs.unchanged());
    }
}
