package io.jsuper.jsuperd.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.jsuper.jsuperd.config.ConfigFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each option of supervisord's {@code [supervisord]} section is honoured, or a warning says what happens instead. */
class SupervisordDaemonOptionsTest {

    @TempDir
    Path dir;

    private ConfigLoader.Loaded load(Path file) throws ConfigException {
        return ConfigLoader.loadWithWarnings(file, ConfigFiles.ENV, Accounts.UNCHECKED, Dialect.AUTO);
    }

    @Test
    void environment_isEveryProgramsDefault_theProgramsOwnWins() throws ConfigException {
        ConfigLoader.Loaded l = load(write(dir, "s.conf", "[supervisord]", "environment = A=\"1\",B=\"x,y\"",
                "[program:a]", "command = a", "environment = B=\"own\"", "[program:b]", "command = b"));
        assertEquals(Map.of("A", "1", "B", "own"), l.config().watchers().get("a").env());
        assertEquals(Map.of("A", "1", "B", "x,y"), l.config().watchers().get("b").env());
        assertTrue(l.warnings().isEmpty(), l.warnings().toString());
    }

    @Test
    void environment_reachesProgramsOfIncludedFiles() throws ConfigException {
        write(dir, "conf.d/b.conf", "[program:b]", "command = b");
        ConfigLoader.Loaded l = load(write(dir, "s.conf", "[supervisord]", "environment = A=\"1\"",
                "[include]", "files = conf.d/*.conf"));
        assertEquals(Map.of("A", "1"), l.config().watchers().get("b").env());
    }

    @Test
    void umask_isEveryProgramsDefault() throws ConfigException {
        ConfigLoader.Loaded l = load(write(dir, "s.conf", "[supervisord]", "umask = 027",
                "[program:a]", "command = a", "[program:b]", "command = b", "umask = 002"));
        assertEquals(027, l.config().watchers().get("a").umask().orElseThrow());
        assertEquals(002, l.config().watchers().get("b").umask().orElseThrow());
    }

    @Test
    void user_isEveryProgramsDefault_andJsuperdItselfDoesNotSwitch() throws ConfigException {
        org.junit.jupiter.api.Assumptions.assumeTrue(SupervisordDaemonSection.runningAsRoot(),
                "supervisord applies [supervisord] user only as root; this machine's test runs as another user");
        ConfigLoader.Loaded l = load(write(dir, "s.conf", "[supervisord]", "user = www", "[program:a]", "command = a"));
        assertEquals("www", l.config().watchers().get("a").uid().orElseThrow());
        assertTrue(l.warnings().toString().contains("s.conf:2: [supervisord] user: jsuperd itself does not switch to user www"
                + "; every program without its own user= runs as www"), l.warnings().toString());
    }

    @Test
    void user_whenJsuperdIsNotRoot_isIgnored_asSupervisordIgnoresIt() {
        ErrorList errors = new ErrorList();
        RawSection supervisord = new RawSection("supervisord", dir.resolve("s.conf"), 1,
                Map.of("user", new RawEntry("supervisord", "user", "root", dir.resolve("s.conf"), 2)));
        assertTrue(SupervisordDaemonSection.defaults(List.of(supervisord), Map.of(), errors, false).user().isEmpty());
        assertEquals("root", SupervisordDaemonSection.defaults(List.of(supervisord), Map.of(), errors, true).user()
                .orElseThrow().value());
        SupervisordDaemonSection.translate(supervisord, (k, e, v) -> { }, Long.MAX_VALUE, false, errors);
        assertTrue(errors.warnings().toString().contains("s.conf:2: [supervisord] user: ignored: jsuperd does not run as "
                + "root (supervisord ignores it then too)"), errors.warnings().toString());
    }

    @Test
    void directory_isEveryProgramsDefault_whenSupervisordWouldDaemonize() throws ConfigException {
        ConfigLoader.Loaded l = load(write(dir, "s.conf", "[supervisord]", "directory = /srv", "[program:a]", "command = a"));
        assertEquals(Path.of("/srv"), l.config().watchers().get("a").workingDir());
        assertTrue(l.warnings().toString().contains("s.conf:2: [supervisord] directory: jsuperd itself does not change "
                + "directory; every program without its own directory= runs in /srv"), l.warnings().toString());
    }

    @Test
    void directory_withNodaemon_isIgnored_asSupervisordIgnoresIt() throws ConfigException {
        ConfigLoader.Loaded l = load(write(dir, "s.conf", "[supervisord]", "nodaemon = true", "directory = /srv",
                "[program:a]", "command = a"));
        assertEquals(dir, l.config().watchers().get("a").workingDir());
        assertTrue(l.warnings().toString().contains("s.conf:3: [supervisord] directory: ignored, as supervisord ignores "
                + "it with nodaemon = true"), l.warnings().toString());
    }

    @Test
    void minprocs_aboveTheProcessLimit_isRefused_belowIsAccepted() {
        ErrorList errors = new ErrorList();
        RawEntry e = new RawEntry("supervisord", "minprocs", "500", dir.resolve("s.conf"), 7);
        SupervisordDaemonSection.minprocs(e, 200, errors);
        ConfigException ex = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class, () -> errors.throwIfAny(dir));
        assertTrue(ex.getMessage().contains("s.conf:7: [supervisord] minprocs: minprocs = 500 but jsuperd may run only 200 "
                + "processes (RLIMIT_NPROC soft limit; jsuperd does not raise it) (expected a higher limit for jsuperd "
                + "(LimitNPROC= in its systemd unit, ulimit -u), or a lower minprocs)"), ex.getMessage());
        ErrorList fine = new ErrorList();
        SupervisordDaemonSection.minprocs(e, 500, fine);
        org.junit.jupiter.api.Assertions.assertDoesNotThrow(() -> fine.throwIfAny(dir));
    }

    @Test
    void minfdsPidfileChildlogdirLoglevelLogfile_becomeJsuperdSettings() throws ConfigException {
        ConfigLoader.Loaded l = load(write(dir, "s.conf", "[supervisord]", "minfds = 2048", "pidfile = " + dir.resolve("s.pid"),
                "childlogdir = " + dir.resolve("logs"), "loglevel = blather", "logfile = " + dir.resolve("d.log"),
                "nodaemon = true", "[program:a]", "command = a"));
        DaemonSettings d = l.config().daemon();
        assertEquals(2048, d.minfds());
        assertEquals(dir.resolve("logs"), d.logdir());
        assertTrue(l.warnings().isEmpty(), l.warnings().toString());
    }

    @Test
    void optionsWithoutAnEquivalent_areWarningsSayingWhatHappens() throws ConfigException {
        String w = load(write(dir, "s.conf", "[supervisord]", "identifier = box", "nocleanup = true",
                "logfile_maxbytes = 1MB", "logfile = /dev/stdout", "[program:a]", "command = a")).warnings().toString();
        assertTrue(w.contains("s.conf:2: [supervisord] identifier: not used: jsuperd identifies itself as jsuperd"), w);
        assertTrue(w.contains("s.conf:3: [supervisord] nocleanup: no effect"), w);
        assertTrue(w.contains("s.conf:4: [supervisord] logfile_maxbytes: the daemon's own log is not rotated by jsuperd"), w);
        assertTrue(w.contains("s.conf:5: [supervisord] logfile: logfile /dev/stdout is not opened"), w);
    }

    @Test
    void fcgiProgramAndGroup_areWarnings() throws ConfigException {
        String w = load(write(dir, "s.conf", "[fcgi-program:php]", "command = php-cgi", "socket = unix:///tmp/php.sock",
                "[program:a]", "command = a")).warnings().toString();
        assertTrue(w.contains("s.conf:1: [fcgi-program:php] FastCGI programs (a shared socket) are not supported: not started"), w);
    }
}
