package io.jsuper.jsuperd.api;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplyBudgetTest {
    @Test
    void boundsTheTotal_butAlwaysLetsOneAnswerThrough() {
        ReplyBudget b = new ReplyBudget(100);
        assertTrue(b.tryTake(500), "a single answer larger than the budget still goes out when nothing is queued");
        assertFalse(b.tryTake(1));
        b.giveBack(500);
        assertTrue(b.tryTake(60));
        assertFalse(b.tryTake(60));
        assertTrue(b.tryTake(40));
        assertEquals(100, b.queuedBytes());
    }
}
