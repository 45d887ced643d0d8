package io.jsuper.jsuperd.api;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Between two scans of /proc/self/fd the estimate follows accepts and closes (a refused flood must not drift);
 * the limit is never an estimate.
 */
class FdBudgetTest {
    long now = 0;
    long limit = 1000;
    long openNow = 100;
    int scans;
    final FdBudget budget = new FdBudget(() -> now, () -> limit, () -> {
        scans++;
        return openNow;
    });

    @Test
    void estimateFollowsAcceptsAndCloses_untilTheNextScan() {
        assertEquals(900, budget.freeAfterAccept());
        for (int i = 0; i < 100; i++) {
            budget.freeAfterAccept();
        }
        assertEquals(799, budget.freeAfterAccept(), "101 more accepted since the scan");
        for (int i = 0; i < 101; i++) {
            budget.closed();
        }
        assertEquals(899, budget.freeAfterAccept(), "101 accepted and closed again, this one open");
        assertEquals(1, scans);
        openNow = 300;
        now += FdBudget.REFRESH_NANOS;
        assertEquals(700, budget.freeAfterAccept(), "rescanned");
        assertEquals(2, scans);
    }

    /** Regression: the limit was read at scans only, so a limit lowered by prlimit let a flood run into EMFILE. */
    @Test
    void aLoweredLimit_countsAtOnce_notAtTheNextScan() {
        assertEquals(900, budget.freeAfterAccept());
        limit = 150;
        assertEquals(49, budget.freeAfterAccept());
        limit = 50;
        assertEquals(0, budget.freeAfterAccept(), "never negative");
        assertEquals(1, scans);
    }

    @Test
    void aFailedScan_meansNothingFree_andTheNextCallScansAgain() {
        openNow = -1; // EMFILE: even /proc/self/fd cannot be opened
        assertEquals(0, budget.freeAfterAccept());
        assertEquals(0, budget.freeAfterAccept());
        assertEquals(2, scans, "no estimate on top of a failed scan");
        openNow = 100;
        assertEquals(900, budget.freeAfterAccept());
    }

    @Test
    void unlimited_isAlwaysEnough() {
        limit = Long.MAX_VALUE;
        assertEquals(Long.MAX_VALUE, budget.freeAfterAccept());
        assertEquals(Long.MAX_VALUE, budget.freeExact());
    }

    @Test
    void theRealBudget_countsThisProcess() {
        FdBudget real = new FdBudget(System::nanoTime);
        long free = real.freeExact();
        assertTrue(free > 0 && free < real.limit(), free + " of " + real.limit());
        assertTrue(FdBudget.countOpen() >= 3, "stdin, stdout, stderr at least");
    }
}
