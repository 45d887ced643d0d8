package io.jsuper.jsuperd.logs;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DropTrackerTest {

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(RotatingFileSink.class);
    private ch.qos.logback.classic.Level level;
    private long now;

    @BeforeEach
    void capture() {
        level = logger.getLevel();
        logger.setLevel(ch.qos.logback.classic.Level.INFO);
        log.start();
        logger.addAppender(log);
    }

    @AfterEach
    void release() {
        logger.detachAppender(log);
        logger.setLevel(level);
    }

    @Test
    void backoffDoublesFrom100msTo1s_andDropsAreCounted() {
        DropTracker t = new DropTracker(Path.of("/x.log"), () -> now);
        t.failed("write", new IOException("No space left on device"), 10);
        assertFalse(t.mayTry());
        now += DropTracker.FIRST_RETRY_NANOS;
        assertTrue(t.mayTry());
        for (int i = 0; i < 10; i++) {
            t.failed("write", new IOException("No space left on device"), 1);
        }
        now += DropTracker.MAX_RETRY_NANOS - 1;
        assertFalse(t.mayTry());
        now += 1;
        assertTrue(t.mayTry());
        t.dropped(5);
        assertEquals(25, t.droppedBytes());
        t.succeeded();
        assertTrue(t.mayTry());
        assertEquals(2, log.list.size(), "one line when it starts, one when it ends: " + log.list);
    }

    @Test
    void flappingFile_logsAtMostTenLinesAMinute() {
        DropTracker t = new DropTracker(Path.of("/x.log"), () -> now);
        for (int i = 0; i < 1000; i++) {
            t.failed("open", new IOException("it is not a regular file"), 0);
            now += DropTracker.FIRST_RETRY_NANOS;
            t.succeeded();
        }
        assertEquals(DropTracker.LINES_PER_INTERVAL * 2, log.list.size(), "100 s of flapping: two windows");
    }
}
