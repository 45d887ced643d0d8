package io.jsuper.jsuperctl.shell;

import org.jline.terminal.Attributes;
import org.jline.terminal.impl.exec.ExecPty;
import org.jline.terminal.impl.exec.ExecTerminalProvider;
import org.jline.terminal.spi.Pty;
import org.jline.terminal.spi.SystemStream;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * JLine's exec terminal (it runs {@code stty}, so no native library is extracted or loaded) with fewer
 * processes: JLine's own asks {@code test -t} four times, {@code tty} once and {@code stty -a} before every
 * attribute change, about a dozen process starts (~15 ms each on a loaded 2-core machine) before the first
 * prompt. Here the shell already knows stdin and stdout are a terminal (it opens only then), the tty's name
 * comes from {@code /proc/self/fd/0}, and the attributes are read once and then remembered: jsuperctl is the
 * only one changing them while its prompt runs. The shell calls {@link #sysTerminal} itself: JLine's
 * {@code TerminalBuilder} accepts only the providers it knows by name.
 */
public final class FewerExecsTerminalProvider extends ExecTerminalProvider {
    @Override
    public String name() {
        return "jsuper-exec";
    }

    /** Only asked after the shell found stdin and stdout to be a terminal; stderr is never JLine's output here. */
    @Override
    public boolean isSystemStream(SystemStream stream) {
        return stream != SystemStream.Error;
    }

    @Override
    public Pty current(SystemStream stream) throws IOException {
        return new RememberingPty(this, stream, ttyName());
    }

    private static String ttyName() {
        try {
            return Files.readSymbolicLink(Path.of("/proc/self/fd/0")).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return "/dev/tty"; // only used in messages: stty talks to the inherited stream itself
        }
    }

    /** An exec pty that reads the attributes with {@code stty -a} once and remembers what it sets. */
    static final class RememberingPty extends ExecPty {
        private Attributes attributes;

        RememberingPty(FewerExecsTerminalProvider provider, SystemStream stream, String name) {
            super(provider, stream, name);
        }

        @Override
        public synchronized Attributes getAttr() throws IOException {
            if (attributes == null) {
                attributes = super.getAttr();
            }
            return new Attributes(attributes);
        }

        @Override
        protected synchronized void doSetAttr(Attributes attr) throws IOException {
            super.doSetAttr(attr); // diffs against getAttr(), the remembered state: one stty, none when equal
            attributes = new Attributes(attr);
        }
    }
}
