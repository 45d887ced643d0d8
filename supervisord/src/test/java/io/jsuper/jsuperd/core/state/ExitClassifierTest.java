package io.jsuper.jsuperd.core.state;

import io.jsuper.jsuperd.config.AutoRestart;
import io.jsuper.jsuperd.config.BackoffSettings;
import io.jsuper.jsuperd.config.StreamConfig;
import io.jsuper.jsuperd.config.CgroupLimits;
import io.jsuper.jsuperd.config.DeploySettings;
import io.jsuper.jsuperd.config.KillMode;
import io.jsuper.jsuperd.config.Probes;
import io.jsuper.jsuperd.config.WatcherConfig;
import io.jsuper.jsuperd.config.WatcherMonitoring;
import io.jsuper.jsuperd.os.ExitStatus;
import io.jsuper.jsuperd.os.Signal;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.jsuper.jsuperd.core.state.ExitClassifier.Verdict.*;
import static org.junit.jupiter.api.Assertions.*;

/** The pure judgement of an ending: every autorestart mode × expected/unexpected/signal × before/after startsecs. */
class ExitClassifierTest {

    private static WatcherConfig config(AutoRestart autorestart) {
        return new WatcherConfig("w", "/bin/true", "", false, Path.of("/"), Optional.empty(), Optional.empty(),
                Map.of(), false, 1, 0, true, autorestart, 5, Duration.ZERO, Duration.ofSeconds(1), Signal.TERM, false,
                StreamConfig.defaults(), StreamConfig.defaults(), false, Duration.ofSeconds(1), Set.of(0, 2), Map.of(),
                Optional.empty(), BackoffSettings.defaults(), -1, Duration.ofSeconds(60),
                KillMode.CONTROL_GROUP, CgroupLimits.NONE, Probes.NONE, WatcherMonitoring.NONE, DeploySettings.DEFAULT);
    }

    private static final ExitStatus EXPECTED = ExitStatus.exited(2);
    private static final ExitStatus UNEXPECTED = ExitStatus.exited(1);
    private static final ExitStatus SIGNAL = ExitStatus.killed(9, false);

    @Test
    void spawnOrExecFailure_isAlwaysAFailedStart() {
        for (AutoRestart a : AutoRestart.values()) {
            assertEquals(FAILED_START, ExitClassifier.classify(config(a), null, false), a.name());
            assertEquals(FAILED_START, ExitClassifier.classify(config(a), null, true), a.name());
        }
    }

    @Test
    void beforeStartsecs() {
        assertEquals(FAILED_START, ExitClassifier.classify(config(AutoRestart.TRUE), EXPECTED, false));
        assertEquals(STAY_DOWN, ExitClassifier.classify(config(AutoRestart.FALSE), EXPECTED, false), "one-shot");
        assertEquals(STAY_DOWN, ExitClassifier.classify(config(AutoRestart.UNEXPECTED), EXPECTED, false), "one-shot");
        for (AutoRestart a : AutoRestart.values()) {
            assertEquals(FAILED_START, ExitClassifier.classify(config(a), UNEXPECTED, false), a.name());
            assertEquals(FAILED_START, ExitClassifier.classify(config(a), SIGNAL, false), a.name());
        }
    }

    @Test
    void afterRunning() {
        assertEquals(CRASHED, ExitClassifier.classify(config(AutoRestart.TRUE), EXPECTED, true));
        assertEquals(CRASHED, ExitClassifier.classify(config(AutoRestart.TRUE), UNEXPECTED, true));
        assertEquals(CRASHED, ExitClassifier.classify(config(AutoRestart.TRUE), SIGNAL, true));
        assertEquals(STAY_DOWN, ExitClassifier.classify(config(AutoRestart.UNEXPECTED), EXPECTED, true));
        assertEquals(CRASHED, ExitClassifier.classify(config(AutoRestart.UNEXPECTED), UNEXPECTED, true));
        assertEquals(CRASHED, ExitClassifier.classify(config(AutoRestart.UNEXPECTED), SIGNAL, true));
        assertEquals(STAY_DOWN, ExitClassifier.classify(config(AutoRestart.FALSE), EXPECTED, true));
        assertEquals(STAY_DOWN, ExitClassifier.classify(config(AutoRestart.FALSE), UNEXPECTED, true));
        assertEquals(STAY_DOWN, ExitClassifier.classify(config(AutoRestart.FALSE), SIGNAL, true));
    }
}
