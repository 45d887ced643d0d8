package io.jsuper.jsuperd;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IgnoredSignalsTest {

    @Test
    void parse_readsTheSigIgnMask_bitNMinusOneForSignalN() {
        IgnoredSignals ignored = IgnoredSignals.parse("Name:\tjava\nSigBlk:\t0000000000000000\n"
                + "SigIgn:\t0000000000001003\nSigCgt:\t0000000000000000\n");
        assertTrue(ignored.contains(1), "HUP");
        assertTrue(ignored.contains(2), "INT");
        assertTrue(ignored.contains(13), "PIPE");
        assertFalse(ignored.contains(15), "TERM");
        assertFalse(ignored.contains(0));
        assertFalse(ignored.contains(65));
    }

    @Test
    void parse_withoutASigIgnLine_ignoresNothing() {
        assertFalse(IgnoredSignals.parse("Name:\tjava\n").contains(1));
    }
}
