package io.jsuper.jsuperd.logs;

import java.nio.file.Path;

/**
 * A chatty stream's next current file, created empty under a hidden name ({@code .NAME.next}) by the
 * {@link LogFileWorker} ahead of the rotation that needs it, so that the rotation renames instead of creating an
 * inode on the output thread. At most one preparation per stream is pending; a rotation that finds none ready
 * creates the file as before. Used by the output thread; {@link #ready} is set by the worker.
 */
final class NextFile {

    private final LogFileWorker worker;
    private final Path dir;
    private final String name;
    private volatile boolean ready;
    private boolean requested; // output thread only: a preparation is pending or ready

    NextFile(LogFileWorker worker, Path current) {
        this.worker = worker;
        this.dir = current.getParent();
        this.name = current.getFileName().toString();
    }

    /** Asks the worker to prepare the file, unless it is already prepared or being prepared. */
    void request() {
        if (!requested && worker.submit(() -> ready = BackupShift.prepareNext(dir, name))) {
            requested = true;
        }
    }

    /** True if the file is there to be renamed in; the caller renames it (or creates the file) and asks again. */
    boolean take() {
        if (!ready) {
            return false;
        }
        ready = false;
        requested = false;
        return true;
    }

    /** The stream is closed: the prepared file goes (after a preparation still pending). */
    void discard() {
        if (!requested) {
            return;
        }
        requested = false;
        ready = false;
        if (!worker.submit(() -> {
            ready = false;
            BackupShift.discardNext(dir, name);
        })) {
            BackupShift.discardNext(dir, name); // an empty file: cheap to delete here
        }
    }
}
