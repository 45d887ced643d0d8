package io.jsuper.jsuperd.containment;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

class ProcStatTest {

    static String statLine(int pid, String comm, char state, int ppid, int pgrp, int session, long start) {
        return pid + " (" + comm + ") " + state + " " + ppid + " " + pgrp + " " + session
                + " 34816 0 4194560 139 0 0 0 0 0 0 0 20 0 1 0 " + start + " 2289664 224 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";
    }

    @Test
    void parsesTheFieldsContainmentNeeds_field22IsTheStartTime() {
        ProcStat s = ProcStat.parse(statLine(4242, "sleep", 'S', 1, 4242, 4242, 987654)).orElseThrow();
        assertEquals(new ProcStat(4242, 'S', 1, 4242, 4242, 987654), s);
    }

    @Test
    void aCommandNameWithSpacesAndParentheses_doesNotShiftTheFields() {
        ProcStat s = ProcStat.parse(statLine(7, "evil) R 1 1 1 (x", 'Z', 3, 4, 5, 99)).orElseThrow();
        assertEquals(new ProcStat(7, 'Z', 3, 4, 5, 99), s);
        assertTrue(s.isZombie());
    }

    @Test
    void garbage_isEmpty() {
        assertEquals(Optional.empty(), ProcStat.parse(""));
        assertEquals(Optional.empty(), ProcStat.parse("12 (x) S 1 2"));
        assertEquals(Optional.empty(), ProcStat.parse("abc (x) " + "S 1 1 1 ".repeat(10)));
    }

    @Test
    void readsFromAProcDirectory_andTheRealSelf(@TempDir Path proc) throws Exception {
        Files.createDirectories(proc.resolve("12"));
        Files.writeString(proc.resolve("12/stat"), statLine(12, "a b", 'R', 1, 12, 12, 5) + "\n");
        assertEquals(5, ProcStat.read(proc, 12).orElseThrow().startTime());
        assertEquals(Optional.empty(), ProcStat.read(proc, 13));

        int self = (int) ProcessHandle.current().pid();
        ProcStat me = ProcStat.read(Path.of("/proc"), self).orElseThrow();
        assertEquals(self, me.pid());
        assertTrue(me.startTime() > 0);
    }

    @Test
    void sameProcess_needsTheSameStartTime() {
        ProcStat a = new ProcStat(10, 'S', 1, 10, 10, 100);
        assertTrue(a.sameProcess(new ProcStat(10, 'R', 1, 10, 10, 100)));
        assertFalse(a.sameProcess(new ProcStat(10, 'S', 1, 10, 10, 101)), "a reused pid");
    }
}
