package io.jsuper.jsuperd.api.xmlrpc;

import io.jsuper.jsuperd.api.FakeControl;
import io.jsuper.jsuperd.api.RawBody;
import io.jsuper.jsuperd.core.ControlException;
import io.jsuper.jsuperd.core.ErrorCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** supervisord's XML-RPC: safe parsing, the methods supervisorctl calls, supervisord's fault codes. */
class XmlRpcTest {

    private final FakeControl control = new FakeControl();

    @AfterEach
    void close() {
        control.close();
    }

    private static byte[] call(String method, String... params) {
        StringBuilder b = new StringBuilder("<?xml version='1.0'?><methodCall><methodName>" + method
                + "</methodName><params>");
        for (String p : params) {
            b.append("<param><value>").append(p).append("</value></param>");
        }
        return b.append("</params></methodCall>").toString().getBytes(StandardCharsets.UTF_8);
    }

    private String answer(byte[] body) {
        return answer(body, RemoteCommEvents.NONE);
    }

    private String answer(byte[] body, RemoteCommEvents remoteEvents) {
        RawBody raw = (RawBody) XmlRpcEndpoint.handle(body, control, remoteEvents, "1.2.3").join().body();
        assertEquals("text/xml", raw.contentType());
        return new String(raw.bytes(), StandardCharsets.UTF_8);
    }

    @Test
    void parser_refusesDoctypes_soNoEntityCanExpandOrBeFetched() {
        String xxe = "<?xml version='1.0'?><!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>"
                + "<methodCall><methodName>&e;</methodName></methodCall>";
        XmlRpcFault f = assertThrows(XmlRpcFault.class, () -> XmlRpcParser.parse(xxe.getBytes(StandardCharsets.UTF_8)));
        assertEquals(XmlRpcFault.INCORRECT_PARAMETERS, f.code());
        assertTrue(f.getMessage().contains("DOCTYPE"), f.getMessage());
        String laughs = "<?xml version='1.0'?><!DOCTYPE l [<!ENTITY a 'aaaa'><!ENTITY b '&a;&a;&a;&a;'>]>"
                + "<methodCall><methodName>&b;</methodName></methodCall>";
        assertThrows(XmlRpcFault.class, () -> XmlRpcParser.parse(laughs.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void parser_boundsNesting_andMalformedXmlIsAFault() {
        String deep = "<array><data><value>".repeat(40) + "x" + "</value></data></array>".repeat(40);
        XmlRpcFault f = assertThrows(XmlRpcFault.class, () -> XmlRpcParser.parse(call("system.listMethods", deep)));
        assertTrue(f.getMessage().contains("nest more than"), f.getMessage());
        String out = answer("<methodCall><methodName>x".getBytes(StandardCharsets.UTF_8));
        assertTrue(out.contains("<fault>") && out.contains("malformed XML"), out);
    }

    @Test
    void parser_readsEveryValueType() {
        XmlRpcCall c = XmlRpcParser.parse(call("m", "<string>a&amp;b</string>", "<int>7</int>", "<boolean>1</boolean>",
                "plain", "<array><data><value><i4>1</i4></value></data></array>",
                "<struct><member><name>k</name><value><double>1.5</double></value></member></struct>"));
        assertEquals(List.of("a&b", 7, true, "plain", List.of(1), Map.of("k", 1.5)), c.params());
    }

    @Test
    void getAllProcessInfo_hasSupervisordsFieldsAndNames() {
        String out = answer(call("supervisor.getAllProcessInfo"));
        assertTrue(out.contains("<name>name</name>\n<value><string>web_1</string>"), out);
        assertTrue(out.contains("<name>group</name>\n<value><string>web</string>"), out);
        assertTrue(out.contains("<name>statename</name>\n<value><string>RUNNING</string>"), out);
        assertTrue(out.contains("<name>state</name>\n<value><int>20</int>"), out);
        assertTrue(out.contains("pid 1234, uptime 0:01:02"), out);
        assertTrue(out.contains("<name>name</name>\n<value><string>db</string>"), out);
        assertTrue(out.contains("Not started"), out);
    }

    @Test
    void startProcess_mapsToTheWatcher_andFaultsUseSupervisordsCodes() {
        String ok = answer(call("supervisor.startProcess", "<string>db</string>"));
        assertTrue(ok.contains("<boolean>1</boolean>"), ok);
        assertTrue(control.calls.stream().anyMatch(c -> c.contains("start") && c.contains("db")), control.calls.toString());

        String bad = answer(call("supervisor.startProcess", "<string>nope</string>"));
        assertTrue(bad.contains("<int>10</int>") && bad.contains("BAD_NAME: nope"), bad);

        control.failNext = new ControlException(ErrorCode.ALREADY_STARTED, "db is already started");
        String again = answer(call("supervisor.stopProcess", "<string>db</string>"));
        assertTrue(again.contains("<int>60</int>") && again.contains("ALREADY_STARTED"), again);
    }

    @Test
    void versionIdentityAndUnknownMethods() {
        assertTrue(answer(call("supervisor.getVersion")).contains("<string>3.0</string>"));
        assertTrue(answer(call("supervisor.getState")).contains("RUNNING"));
        String unknown = answer(call("supervisor.readProcessStdin", "<string>x</string>"));
        assertTrue(unknown.contains("<int>1</int>") && unknown.contains("UNKNOWN_METHOD"), unknown);
        assertTrue(answer(call("system.listMethods")).contains("supervisor.tailProcessStdoutLog"));
    }

    /** Regression: sendRemoteCommEvent was UNKNOWN_METHOD, so no REMOTE_COMMUNICATION event could be sent. */
    @Test
    void sendRemoteCommEvent_handsTypeAndDataToTheListenerPools_andAnswersTrue() {
        List<String> sent = new java.util.ArrayList<>();
        RemoteCommEvents pools = (type, data) -> {
            sent.add(type + "|" + data);
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        };
        String out = answer(call("supervisor.sendRemoteCommEvent", "<string>my.type</string>",
                "<string>hello\nworld</string>"), pools);
        assertTrue(out.contains("<boolean>1</boolean>"), out);
        assertEquals(List.of("my.type|hello\nworld"), sent);
        answer(call("supervisor.sendRemoteCommEvent", "<int>1</int>", "<string>x</string>"), pools);
        assertEquals("1|x", sent.get(1), "an int is formatted as supervisord's %s does");
        String missing = answer(call("supervisor.sendRemoteCommEvent", "<string>x</string>"), pools);
        assertTrue(missing.contains("<int>2</int>") && missing.contains("INCORRECT_PARAMETERS"), missing);
        assertEquals(2, sent.size());
        assertTrue(answer(call("system.listMethods")).contains("<string>supervisor.sendRemoteCommEvent</string>"));
        String help = answer(call("system.methodHelp", "<string>supervisor.sendRemoteCommEvent</string>"));
        assertTrue(help.contains("REMOTE_COMMUNICATION"), help);
        String signature = answer(call("system.methodSignature", "<string>supervisor.sendRemoteCommEvent</string>"));
        assertTrue(signature.contains("<string>boolean</string>") && signature.contains("<string>string</string>"),
                signature);
    }

    @Test
    void multicall_answersEachCall_faultsInPlace() {
        String out = answer(call("system.multicall", "<array><data>"
                + "<value><struct><member><name>methodName</name><value>supervisor.getAPIVersion</value></member>"
                + "<member><name>params</name><value><array><data></data></array></value></member></struct></value>"
                + "<value><struct><member><name>methodName</name><value>no.such</value></member></struct></value>"
                + "</data></array>"));
        assertTrue(out.contains("<array><data>\n<value><string>3.0</string>"), out);
        assertTrue(out.contains("<name>faultCode</name>\n<value><int>1</int>"), out);
    }

    @Test
    void reloadConfig_reportsAddedChangedRemoved_withoutApplying() {
        String out = answer(call("supervisor.reloadConfig"));
        assertTrue(out.contains("<string>new</string>") && out.contains("<string>web</string>")
                && out.contains("<string>old</string>"), out);
        assertTrue(control.calls.contains("reloadConfig dryRun=true"), control.calls.toString());
        answer(call("supervisor.addProcessGroup", "<string>new</string>"));
        assertTrue(control.calls.contains("add new"), control.calls.toString());
        assertFalse(control.calls.contains("reloadConfig dryRun=false"), "add applies one group only: " + control.calls);
    }

    @Test
    void addProcessGroup_alreadyLoaded_isAlreadyAdded() {
        assertTrue(answer(call("supervisor.addProcessGroup", "<string>web</string>")).contains("<int>90</int>"));
    }

    @Test
    void removeProcessGroup_withARunningProcess_isStillRunning_andRemovesNothing() {
        assertTrue(answer(call("supervisor.removeProcessGroup", "<string>web</string>")).contains("<int>91</int>"));
        assertFalse(control.calls.contains("remove web"), control.calls.toString());
        answer(call("supervisor.removeProcessGroup", "<string>db</string>"));
        assertTrue(control.calls.contains("remove db"), control.calls.toString());
        assertTrue(answer(call("supervisor.removeProcessGroup", "<string>nope</string>")).contains("<int>10</int>"));
    }

    @Test
    void signalAllProcesses_signalsRunningWatchers_andAnswersPerProcess() {
        String out = answer(call("supervisor.signalAllProcesses", "<string>HUP</string>"));
        assertTrue(control.calls.contains("signal web SIGHUP") || control.calls.stream().anyMatch(c -> c.startsWith("signal web")),
                control.calls.toString());
        assertFalse(control.calls.stream().anyMatch(c -> c.startsWith("signal db")), "db runs nothing: " + control.calls);
        assertTrue(out.contains("<int>80</int>") && !out.contains("<int>70</int>"), "running processes only: " + out);
        assertFalse(out.contains("db"), "db runs nothing, so supervisord leaves it out: " + out);
        assertTrue(answer(call("supervisor.signalAllProcesses", "<string>NOPE</string>")).contains("<int>11</int>"));
    }

    @Test
    void sendProcessStdin_isAClearFault() {
        assertTrue(answer(call("supervisor.sendProcessStdin", "<string>web_1</string>", "<string>x</string>"))
                .contains("<int>20</int>"), "running, but its stdin is /dev/null: NO_FILE");
        assertTrue(answer(call("supervisor.sendProcessStdin", "<string>db</string>", "<string>x</string>"))
                .contains("<int>70</int>"), "not running");
        assertTrue(answer(call("supervisor.sendProcessStdin", "<string>nope</string>", "<string>x</string>"))
                .contains("<int>10</int>"));
    }

    @Test
    void methodHelp_ofAnUnknownMethod_isSignatureUnsupported() {
        assertTrue(answer(call("system.methodHelp", "<string>supervisor.nope</string>")).contains("<int>4</int>"));
        assertTrue(answer(call("system.methodHelp", "<string>supervisor.getState</string>")).contains("<string>"));
    }
}
