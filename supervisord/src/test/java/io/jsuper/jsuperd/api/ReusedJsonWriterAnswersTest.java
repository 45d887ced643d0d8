package io.jsuper.jsuperd.api;

import io.jsuper.jsuperd.core.ProcessInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Answers written by the API thread's reused JSON writer: small ones and ones larger than the writer keeps
 * between answers alternate on one connection and on two, and every answer is whole and the same as the
 * first of its kind.
 */
class ReusedJsonWriterAnswersTest {
    @TempDir
    Path dir;
    final FakeControl control = new FakeControl();
    ApiServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
        control.close();
    }

    @Test
    void smallAndHugeAnswers_alternating_stayWholeAndEqual() throws Exception {
        List<ProcessInfo> many = new ArrayList<>();
        for (int i = 1; i <= 2000; i++) {
            many.add(FakeControl.running("big", i, 10_000 + i));
        }
        control.set("big", many);
        control.set("small", List.of(FakeControl.running("small", 1, 42)));
        server = new ApiServer(ApiSettings.unixOnly(dir.resolve("s.sock")), control);
        server.start();
        try (RawHttp one = RawHttp.unix(server.socketPath()); RawHttp two = RawHttp.unix(server.socketPath())) {
            String big = one.request("GET", "/services/big").body();
            String small = one.request("GET", "/services/small").body();
            assertTrue(big.length() > JsonWriter.KEPT_BYTES, "larger than the writer keeps: " + big.length());
            assertTrue(big.endsWith("]}") && big.contains("\"name\":\"big:2000\""), big.substring(big.length() - 200));
            assertTrue(small.contains("\"name\":\"small:1\""), small);
            for (int i = 0; i < 50; i++) {
                RawHttp http = i % 2 == 0 ? one : two;
                assertEquals(small, http.request("GET", "/services/small").body());
                assertEquals(big, http.request("GET", "/services/big").body());
                assertEquals(small, http.request("GET", "/services/small").body());
            }
        }
    }
}
