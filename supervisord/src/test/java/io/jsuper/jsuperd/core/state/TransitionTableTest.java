package io.jsuper.jsuperd.core.state;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Walks every (state, event) pair against an expected matrix written out by hand. */
class TransitionTableTest {
    // Columns in ProcessEvent order: START_REQUESTED, STARTSECS_ELAPSED, CHILD_EXITED, SPAWN_FAILED,
    // BACKOFF_ELAPSED, STOP_REQUESTED, STOP_TIMEOUT, PROBE_READY, READY_DEADLINE, LIVENESS_FAILED,
    // UNHEALTHY_EXITED.
    // "-" ignore, "!" reject, "?" the exit classifier decides, otherwise the target state.
    private static final String[][] EXPECTED = {
        {"STOPPED", "STARTING", "-", "-", "-", "-", "!", "-", "-", "-", "-", "-"},
        {"STARTING", "!", "RUNNING", "?", "?", "-", "STOPPING", "-", "RUNNING", "STOPPING", "STOPPING", "-"},
        {"RUNNING", "!", "-", "?", "-", "-", "STOPPING", "-", "-", "-", "STOPPING", "-"},
        {"BACKOFF", "STARTING", "-", "-", "-", "STARTING", "STOPPED", "-", "-", "-", "-", "-"},
        {"STOPPING", "!", "-", "STOPPED", "-", "-", "-", "STOPPING", "-", "-", "-", "?"},
        {"EXITED", "STARTING", "-", "-", "-", "-", "!", "-", "-", "-", "-", "-"},
        {"FATAL", "STARTING", "-", "-", "-", "-", "!", "-", "-", "-", "-", "-"},
    };

    @Test
    void everyStateTimesEveryEventHasTheExpectedTransition() {
        assertEquals(ProcessState.values().length, EXPECTED.length);
        List<String> mismatches = new ArrayList<>();
        int checked = 0;
        for (String[] row : EXPECTED) {
            ProcessState state = ProcessState.valueOf(row[0]);
            assertEquals(ProcessEvent.values().length + 1, row.length, "row " + row[0]);
            for (ProcessEvent event : ProcessEvent.values()) {
                String want = row[event.ordinal() + 1];
                Transition got = TransitionTable.lookup(state, event);
                assertNotNull(got, state + " x " + event);
                String gotText = switch (got.action()) {
                    case NONE -> "-";
                    case REJECT -> "!";
                    case JUDGE_EXIT, JUDGE_UNHEALTHY -> "?";
                    default -> got.target().name();
                };
                if (!want.equals(gotText)) {
                    mismatches.add(state + " x " + event + ": expected " + want + ", got " + gotText);
                }
                checked++;
            }
        }
        assertEquals(List.of(), mismatches);
        assertEquals(ProcessState.values().length * ProcessEvent.values().length, checked);
    }

    @Test
    void onlyProcessHoldingStatesHaveAChild_andActiveAddsBackoff() {
        for (ProcessState s : ProcessState.values()) {
            boolean child = s == ProcessState.STARTING || s == ProcessState.RUNNING || s == ProcessState.STOPPING;
            assertEquals(child, s.hasChild(), s.name());
            assertEquals(child || s == ProcessState.BACKOFF, s.isActive(), s.name());
        }
    }
}
