package io.jsuper.jsuperd.api;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Between two scans of /proc/self/fd the estimate follows accepts and closes (a refused flood must not drift). */
class FdBudgetTest {
    long now = 0;
    final FdBudget budget = new FdBudget(() -> now);

    @Test
    void estimateFollowsAcceptsAndCloses_untilTheNextScan() {
        long first = budget.freeAfterAccept();
        assertTrue(first > 0, "this JVM has free descriptors");
        for (int i = 0; i < 100; i++) {
            budget.freeAfterAccept();
        }
        assertEquals(first - 100, budget.freeAfterAccept() + 1);
        for (int i = 0; i < 101; i++) {
            budget.closed();
        }
        assertEquals(first - 1, budget.freeAfterAccept(), "101 accepted and closed again, this one open");
        now += FdBudget.REFRESH_NANOS;
        long rescanned = budget.freeAfterAccept();
        assertTrue(Math.abs(rescanned - first) < 50, first + " vs " + rescanned);
    }
}
