package io.jsuper.jsuperd.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InterpolatorTest {

    private final Interpolator interpolator = new Interpolator(Map.of(
            "HOME", "/home/app", "SELF", "$(circus.env.SELF)", "LOOP", "%(ENV_LOOP)s"));

    private static RawEntry at(String key) {
        return new RawEntry("watcher:web", key, "ignored", Path.of("/etc/jsuper/conf.d/web.ini"), 7);
    }

    @Test
    void hereIsTheDirectoryOfTheFileTheValueIsIn() {
        assertEquals("/etc/jsuper/conf.d/app.py", interpolator.expand("%(here)s/app.py", at("cmd"), true));
    }

    @Test
    void environmentReferencesBothStyles() {
        assertEquals("/home/app/a:/home/app/b",
                interpolator.expand("$(circus.env.HOME)/a:%(ENV_HOME)s/b", at("cmd"), true));
    }

    @Test
    void unsetEnvironmentVariableIsAnError() {
        InvalidValueException e = assertThrows(InvalidValueException.class,
                () -> interpolator.expand("$(circus.env.NOPE)", at("cmd"), true));
        assertEquals("$(circus.env.NOPE): environment variable NOPE is not set", e.found());
        assertThrows(InvalidValueException.class, () -> interpolator.expand("%(ENV_NOPE)s", at("cmd"), true));
    }

    @Test
    void widIsKeptWhereAllowedAndRejectedElsewhere() {
        assertEquals("--port 80$(circus.wid)", interpolator.expand("--port 80$(circus.wid)", at("args"), true));
        InvalidValueException e = assertThrows(InvalidValueException.class,
                () -> interpolator.expand("$(circus.wid)", at("uid"), false));
        assertEquals("$(circus.wid) cannot be used in uid", e.found());
    }

    @Test
    void unknownCircusReferenceIsAnError() {
        InvalidValueException e = assertThrows(InvalidValueException.class,
                () -> interpolator.expand("$(circus.pid)", at("cmd"), true));
        assertEquals("unknown reference $(circus.pid)", e.found());
    }

    @Test
    void socketReferenceIsKeptForSpawnTimeInCmdOnly() {
        assertEquals("--bind fd://$(circus.sockets.web)", interpolator.expand("--bind fd://$(circus.sockets.web)", at("args"), true));
        InvalidValueException e = assertThrows(InvalidValueException.class,
                () -> interpolator.expand("$(circus.sockets.web)", at("uid"), false));
        assertEquals("$(circus.sockets.web) cannot be used in uid", e.found());
    }

    @Test
    void unknownPercentReferenceIsAnError() {
        InvalidValueException e = assertThrows(InvalidValueException.class,
                () -> interpolator.expand("%(program_name)s", at("cmd"), true));
        assertTrue(e.found().contains("%(program_name)s"));
    }

    @Test
    void selfReferencingValuesExpandOnceAndNeverRecurse() {
        assertEquals("$(circus.env.SELF)", interpolator.expand("$(circus.env.SELF)", at("cmd"), true));
        assertEquals("%(ENV_LOOP)s", interpolator.expand("%(ENV_LOOP)s", at("cmd"), true));
        assertThrows(InvalidValueException.class, () -> interpolator.expand("%(cmd)s", at("cmd"), true));
    }

    @Test
    void shellSubstitutionAndLonePercentAreLeftAlone() {
        assertEquals("echo $(date +%s) 50% $HOME", interpolator.expand("echo $(date +%s) 50% $HOME", at("cmd"), true));
        assertEquals("date +%s", interpolator.expand("date +%%s", at("cmd"), true));
    }
}
