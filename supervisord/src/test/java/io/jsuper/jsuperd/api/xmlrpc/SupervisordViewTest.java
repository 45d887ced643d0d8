package io.jsuper.jsuperd.api.xmlrpc;

import io.jsuper.jsuperd.api.FakeControl;
import io.jsuper.jsuperd.config.ConfigLoader;
import io.jsuper.jsuperd.config.JsuperConfig;
import io.jsuper.jsuperd.core.ProcessInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** supervisord's names for jsuper's processes: groups from the config, GROUP:NAME, GROUP:*, the watcher for the group. */
class SupervisordViewTest {

    @TempDir
    Path dir;

    private SupervisordView view() throws Exception {
        Path file = dir.resolve("s.conf");
        Files.writeString(file, String.join("\n", "[unix_http_server]", "file = " + dir.resolve("s.sock"),
                "[program:web]", "command = web", "process_name = %(program_name)s_%(process_num)02d", "numprocs = 2",
                "[program:cache]", "command = cache", "[group:svc]", "programs = cache", "") + "\n");
        JsuperConfig config = ConfigLoader.load(file, Map.of());
        List<ProcessInfo> all = List.of(FakeControl.running("web_00", 1, 10), FakeControl.running("web_01", 1, 11),
                FakeControl.running("cache", 1, 12));
        return new SupervisordView(all, config.watchers());
    }

    @Test
    void groupsAndNames_asSupervisordSaysThem() throws Exception {
        SupervisordView v = view();
        ProcessInfo web0 = v.process("web:web_00");
        assertEquals("web", v.group(web0));
        assertEquals("web_00", v.name(web0));
        assertEquals("svc", v.group(v.process("svc:cache")));
        assertEquals(List.of("web_00", "web_01"), v.inGroup("web").stream().map(ProcessInfo::watcher).toList());
        assertEquals(3, v.inGroup("all").size());
    }

    @Test
    void bareNames_andTheWatcherInPlaceOfTheGroup_areFound_unknownIsBadName() throws Exception {
        SupervisordView v = view();
        assertEquals("web_01", v.process("web_01").watcher());
        assertEquals("web_01", v.process("web_01:web_01").watcher(), "event listeners' groupname is the watcher");
        assertEquals(List.of("cache"), v.inGroup("cache").stream().map(ProcessInfo::watcher).toList());
        XmlRpcFault f = assertThrows(XmlRpcFault.class, () -> v.process("svc:web_00"));
        assertEquals(XmlRpcFault.BAD_NAME, f.code());
        assertTrue(v.inGroup("nope").isEmpty());
        assertTrue(SupervisordView.wholeGroup("web:*") && SupervisordView.wholeGroup("web:"));
    }
}
