package io.jsuper.jsuperd.config;

import io.jsuper.jsuperd.os.Signal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConvertersTest {

    @ParameterizedTest
    @CsvSource({"true,true", "yes,true", "on,true", "1,true", "TRUE,true", "false,false", "no,false", "off,false", "0,false", "Off,false"})
    void boolAcceptsConfigparserWords(String text, boolean expected) {
        assertEquals(expected, Converters.bool(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "maybe", "2", "tru"})
    void boolRejectsOtherWords(String text) {
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> Converters.bool(text));
        assertEquals("\"" + text + "\" is not a boolean", e.found());
        assertEquals(Converters.BOOLEAN, e.allowed());
    }

    @Test
    void integerAcceptsValuesInRange() {
        assertEquals(0, Converters.integer("0", 0, 10));
        assertEquals(10, Converters.integer(" 10 ", 0, 10));
        assertEquals(-1, Converters.integer("-1", -1, 10));
    }

    @Test
    void integerRejectsTextAndOutOfRange() {
        InvalidValueException text = assertThrows(InvalidValueException.class, () -> Converters.integer("abc", 1, 10000));
        assertEquals("\"abc\" is not an integer", text.found());
        assertEquals("a whole number 1..10000", text.allowed());
        assertEquals("10001 is out of range",
                assertThrows(InvalidValueException.class, () -> Converters.integer("10001", 1, 10000)).found());
        assertThrows(InvalidValueException.class, () -> Converters.integer("1.5", 1, 10));
        assertThrows(InvalidValueException.class, () -> Converters.integer("99999999999999999999", 1, 10));
    }

    @Test
    void decimalChecksRange() {
        assertEquals(1.5, Converters.decimal("1.5", 1, 100));
        assertThrows(InvalidValueException.class, () -> Converters.decimal("0.5", 1, 100));
        assertThrows(InvalidValueException.class, () -> Converters.decimal("NaN", 1, 100));
        assertThrows(InvalidValueException.class, () -> Converters.decimal("x", 1, 100));
    }

    @ParameterizedTest
    @CsvSource({"30,30000", "0.5,500", "0,0", "500ms,500", "2s,2000", "1m,60000", "1.5m,90000", "1h,3600000", "2 s,2000", ".25,250"})
    void durationAcceptsSecondsAndUnits(String text, long millis) {
        assertEquals(Duration.ofMillis(millis), Converters.duration(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-1", "abc", "5 minutes", "1d", "1e3", "ms"})
    void durationRejectsOtherText(String text) {
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> Converters.duration(text));
        assertEquals(Converters.DURATION, e.allowed());
    }

    @ParameterizedTest
    @CsvSource({"0,0", "1234,1234", "1KB,1024", "1kb,1024", "1K,1024", "50MB,52428800", "1GB,1073741824", "0.5MB,524288", "10 MB,10485760", "2B,2", "1MiB,1048576"})
    void byteSizeUsesPowersOf1024(String text, long bytes) {
        assertEquals(bytes, Converters.byteSize(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-1", "lots", "5XB", "MB", "99999999999GB"})
    void byteSizeRejectsOtherText(String text) {
        assertThrows(InvalidValueException.class, () -> Converters.byteSize(text));
    }

    @Test
    void signalAcceptsNamesWithOrWithoutSigAndNumbers() {
        assertEquals(Signal.TERM, Converters.signal("TERM"));
        assertEquals(Signal.QUIT, Converters.signal("SIGQUIT"));
        assertEquals(Signal.INT, Converters.signal("int"));
        assertEquals(Signal.KILL, Converters.signal("9"));
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> Converters.signal("SIGFOO"));
        assertEquals("\"SIGFOO\" is not a signal name", e.found());
    }

    @Test
    void exitCodesParsesCommaList() {
        assertEquals(Set.of(0), Converters.exitCodes("0"));
        assertEquals(Set.of(0, 2), Converters.exitCodes("0,2"));
        assertEquals(Set.of(0, 2, 255), Converters.exitCodes(" 0 , 2, 255 "));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a", "0,,2", "256", "-1", "0;2"})
    void exitCodesRejectsBadItems(String text) {
        assertThrows(InvalidValueException.class, () -> Converters.exitCodes(text));
    }

    @ParameterizedTest
    @CsvSource({"022,18", "0022,18", "0o027,23", "0,0", "777,511"})
    void umaskIsOctal(String text, int value) {
        assertEquals(value, Converters.umask(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "999", "8", "0x12", "1000", "abc", "-1"})
    void umaskRejectsNonOctal(String text) {
        assertThrows(InvalidValueException.class, () -> Converters.umask(text));
    }

    @Test
    void rlimitAcceptsNumbersAndUnlimited() {
        assertEquals(4096, Converters.rlimit("4096"));
        assertEquals(0, Converters.rlimit("0"));
        assertEquals(Long.MAX_VALUE, Converters.rlimit("unlimited"));
        assertEquals(Long.MAX_VALUE, Converters.rlimit("UNLIMITED"));
        assertThrows(InvalidValueException.class, () -> Converters.rlimit("-1"));
        assertThrows(InvalidValueException.class, () -> Converters.rlimit("lots"));
        assertThrows(InvalidValueException.class, () -> Converters.rlimit(""));
    }

    @Test
    void pathIsRelativeToTheFilesDirectory() {
        Path base = Path.of("/etc/jsuper");
        assertEquals(Path.of("/etc/jsuper/run/x.sock"), Converters.path("run/x.sock", base));
        assertEquals(Path.of("/etc/x.pid"), Converters.path("../x.pid", base));
        assertEquals(Path.of("/var/run/x.pid"), Converters.path("/var/run/x.pid", base));
        assertThrows(InvalidValueException.class, () -> Converters.path("  ", base));
    }

    @Test
    void autorestartAcceptsBooleansAndUnexpected() {
        assertEquals(AutoRestart.UNEXPECTED, WatcherBinder.autoRestart("unexpected"));
        assertEquals(AutoRestart.TRUE, WatcherBinder.autoRestart("yes"));
        assertEquals(AutoRestart.FALSE, WatcherBinder.autoRestart("false"));
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> WatcherBinder.autoRestart("sometimes"));
        assertTrue(e.allowed().contains("unexpected"));
    }

    @Test
    void httpAcceptsPortHostPortAndIpv6() {
        assertEquals(new HttpEndpoint("127.0.0.1", 9001), DaemonBinder.http("9001"));
        assertEquals(new HttpEndpoint("0.0.0.0", 80), DaemonBinder.http("0.0.0.0:80"));
        assertEquals(new HttpEndpoint("::1", 8080), DaemonBinder.http("[::1]:8080"));
        assertThrows(InvalidValueException.class, () -> DaemonBinder.http("host:"));
        assertThrows(InvalidValueException.class, () -> DaemonBinder.http(":80"));
        assertThrows(InvalidValueException.class, () -> DaemonBinder.http("70000"));
        assertThrows(InvalidValueException.class, () -> DaemonBinder.http("web"));
    }

    @Test
    void logLevelIsOneOfFiveAndCaseInsensitive() {
        assertEquals("debug", DaemonBinder.logLevel("DEBUG"));
        assertThrows(InvalidValueException.class, () -> DaemonBinder.logLevel("verbose"));
    }
}
