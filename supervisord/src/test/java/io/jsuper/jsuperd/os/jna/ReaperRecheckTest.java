package io.jsuper.jsuperd.os.jna;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** How often the reaper looks again at a reported zombie that its owner has not reaped yet. */
class ReaperRecheckTest {

    /** Regression: a child the JDK reaped itself held up every exit behind it for a whole second. */
    @Test
    void aZombieReapedBySomeoneElse_isRecheckedSoon_thenLessAndLessOften() {
        long wait = WaitidChildReaper.FIRST_RECHECK_MILLIS;
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            waits.add(wait);
            wait = WaitidChildReaper.nextRecheck(wait);
        }
        assertEquals(List.of(2L, 4L, 8L, 16L, 32L, 64L, 128L, 256L, 512L, 1000L, 1000L, 1000L), waits);
    }
}
