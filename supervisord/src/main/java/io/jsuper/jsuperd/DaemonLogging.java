package io.jsuper.jsuperd;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import io.jsuper.jsuperd.config.DaemonSettings;
import org.slf4j.LoggerFactory;

/** Applies {@code loglevel} and {@code logfile} from [jsuperd] to Logback (the daemon's own log only). */
final class DaemonLogging {
    private static FileAppender<ILoggingEvent> fileAppender;

    private DaemonLogging() {
    }

    static void apply(DaemonSettings settings) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(settings.loglevel(), Level.INFO));
        if (fileAppender != null) {
            root.detachAppender(fileAppender);
            fileAppender.stop();
            fileAppender = null;
        }
        settings.logfile().ifPresent(path -> {
            PatternLayoutEncoder encoder = new PatternLayoutEncoder();
            encoder.setContext(context);
            encoder.setPattern(DaemonLogConfigurator.PATTERN);
            encoder.start();
            FileAppender<ILoggingEvent> appender = new FileAppender<>();
            appender.setContext(context);
            appender.setName("FILE");
            appender.setFile(path.toString());
            appender.setEncoder(encoder);
            appender.start();
            root.addAppender(appender);
            fileAppender = appender;
        });
    }

    /** Reopens the daemon's log file (SIGUSR2), like the children's output files. */
    static void reopen(DaemonSettings settings) {
        if (fileAppender != null) {
            apply(settings);
        }
    }
}
