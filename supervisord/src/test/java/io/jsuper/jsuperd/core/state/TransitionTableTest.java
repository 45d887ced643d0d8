package io.jsuper.jsuperd.core.state;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Walks every (state, event) pair against an expected matrix written out by hand. */
class TransitionTableTest {
    // Columns in ProcessEvent order: START_REQUESTED, STARTSECS_ELAPSED, FAILED_WILL_RETRY, FAILED_GIVING_UP,
    // EXITED_STAYING_DOWN, BACKOFF_ELAPSED, STOP_REQUESTED, STOP_TIMEOUT, STOPPED_EXIT.
    // "-" ignore, "!" reject, otherwise the target state.
    private static final String[][] EXPECTED = {
        {"STOPPED", "STARTING", "-", "-", "-", "-", "-", "!", "-", "-"},
        {"STARTING", "!", "RUNNING", "BACKOFF", "FATAL", "EXITED", "-", "STOPPING", "-", "-"},
        {"RUNNING", "!", "-", "BACKOFF", "FATAL", "EXITED", "-", "STOPPING", "-", "-"},
        {"BACKOFF", "STARTING", "-", "-", "-", "-", "STARTING", "STOPPED", "-", "-"},
        {"STOPPING", "!", "-", "-", "-", "-", "-", "-", "STOPPING", "STOPPED"},
        {"EXITED", "STARTING", "-", "-", "-", "-", "-", "!", "-", "-"},
        {"FATAL", "STARTING", "-", "-", "-", "-", "-", "!", "-", "-"},
    };

    @Test
    void everyStateTimesEveryEventHasTheExpectedOutcome() {
        assertEquals(ProcessState.values().length, EXPECTED.length);
        List<String> mismatches = new ArrayList<>();
        int checked = 0;
        for (String[] row : EXPECTED) {
            ProcessState state = ProcessState.valueOf(row[0]);
            assertEquals(ProcessEvent.values().length + 1, row.length, "row " + row[0]);
            for (ProcessEvent event : ProcessEvent.values()) {
                String want = row[event.ordinal() + 1];
                TransitionTable.Outcome got = TransitionTable.lookup(state, event);
                assertNotNull(got, state + " x " + event);
                String gotText = switch (got.kind()) {
                    case IGNORE -> "-";
                    case REJECT -> "!";
                    case MOVE -> got.target().name();
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
    void onlyProcessHoldingStatesHaveAChild() {
        for (ProcessState s : ProcessState.values()) {
            boolean expected = s == ProcessState.STARTING || s == ProcessState.RUNNING || s == ProcessState.STOPPING;
            assertEquals(expected, s.hasChild(), s.name());
        }
    }
}
