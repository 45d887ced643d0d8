package io.jsuper.jsuperd.notify;

import io.jsuper.jsuperd.core.ProcessInfo;
import io.jsuper.jsuperd.core.state.ProcessState;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StatusSummaryTest {

    private static ProcessInfo in(ProcessState state) {
        return new ProcessInfo("w", 1, state, 0, 0, 0, 0, null, null, null);
    }

    @Test
    void countsStates_runningFirst() {
        assertEquals("2 running, 1 backoff, 1 fatal", StatusSummary.of(List.of(
                in(ProcessState.FATAL), in(ProcessState.RUNNING), in(ProcessState.BACKOFF), in(ProcessState.RUNNING))));
    }

    @Test
    void saysSoWhenThereIsNothingToSupervise() {
        assertEquals("no watchers", StatusSummary.of(List.of()));
    }
}
