package io.jsuper.jsuperd.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A watcher's {@code release_link} (the {@code current} symlink of a releases/ layout). Switching it is atomic:
 * a temporary link next to it is renamed over it (rename(2)), so a reader sees the old target or the new one,
 * never no link.
 */
final class ReleaseLink {
    private ReleaseLink() {
    }

    /** Where the link points now (as written in it), empty when there is no link. */
    static Optional<Path> target(Path link) throws IOException {
        if (!Files.isSymbolicLink(link)) {
            if (Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException(link + " is not a symbolic link (release_link must be one, or not exist yet)");
            }
            return Optional.empty();
        }
        return Optional.of(Files.readSymbolicLink(link));
    }

    /** The release a process started now would run: the link's target, resolved; empty when there is none. */
    static Optional<Path> resolved(Path link) {
        try {
            return Files.isSymbolicLink(link) ? Optional.of(link.toRealPath()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Points {@code link} at {@code target}, atomically. */
    static void pointAt(Path link, Path target) throws IOException {
        target(link); // refuses to replace a regular file or directory
        Path tmp = link.resolveSibling("." + link.getFileName() + ".jsuper-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        Files.createSymbolicLink(tmp, target);
        try {
            Files.move(tmp, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }
}
