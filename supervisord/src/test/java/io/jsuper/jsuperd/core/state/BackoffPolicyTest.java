package io.jsuper.jsuperd.core.state;

import io.jsuper.jsuperd.config.BackoffSettings;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.*;

class BackoffPolicyTest {
    private final BackoffPolicy policy = new BackoffPolicy(
            new BackoffSettings(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(10), Duration.ofSeconds(60)));

    @Test
    void firstFailureRestartsAtOnce_thenDoublesUpToTheCap() {
        assertEquals(Duration.ZERO, policy.delayAfter(1));
        assertEquals(Duration.ofSeconds(1), policy.delayAfter(2));
        assertEquals(Duration.ofSeconds(2), policy.delayAfter(3));
        assertEquals(Duration.ofSeconds(4), policy.delayAfter(4));
        assertEquals(Duration.ofSeconds(8), policy.delayAfter(5));
        assertEquals(Duration.ofSeconds(10), policy.delayAfter(6));
        assertEquals(Duration.ofSeconds(10), policy.delayAfter(60));
    }

    @Test
    void aRunOfResetLengthIsStable() {
        assertFalse(policy.isStable(Duration.ofSeconds(59)));
        assertTrue(policy.isStable(Duration.ofSeconds(60)));
    }
}
