package io.jsuper.jsuperd.api;

import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Optional;

/**
 * The control socket's file: stale-file detection, a private staging directory so the socket is never
 * reachable with the default umask's mode, its mode and group, and removal on stop.
 */
final class SocketFile {
    /** sun_path is 108 bytes including the terminating NUL. */
    static final int MAX_PATH_BYTES = 107;
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;

    private final Path path;
    private final Optional<String> group;
    private Object fileKey;

    SocketFile(Path path, Optional<String> group) {
        this.path = path.toAbsolutePath().normalize();
        this.group = group;
    }

    Path path() {
        return path;
    }

    /** Removes a stale socket left by a dead daemon; refuses a live one or anything that is not a socket. */
    void clearStale() throws IOException {
        if (pathBytes(path) > MAX_PATH_BYTES) {
            throw new IOException("socket path too long (max " + MAX_PATH_BYTES + " bytes): " + path);
        }
        Path parent = path.getParent();
        if (!Files.isDirectory(parent)) {
            throw new IOException("cannot create socket " + path + ": directory " + parent + " does not exist");
        }
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!isSocket(path)) {
            throw new IOException(path + " exists and is not a socket; refusing to replace it");
        }
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(path));
        } catch (ConnectException refused) {
            Files.deleteIfExists(path);
            return;
        }
        throw new IOException("another jsuperd is listening on " + path);
    }

    /**
     * Where to bind: a fresh 0700 directory next to the socket (same file system, so {@link #publish}
     * is an atomic rename), or the final path itself when the staging path would be too long.
     */
    Path bindPath() throws IOException {
        Path staging = stagingDir().resolve("s");
        if (pathBytes(staging) > MAX_PATH_BYTES) {
            // fallback: the file exists with the umask's mode until publish() tightens it (documented)
            return path;
        }
        Files.deleteIfExists(staging); // left by a crashed daemon that had our pid
        Files.deleteIfExists(stagingDir());
        Files.createDirectory(stagingDir(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        return staging;
    }

    /** Sets mode (0600, or 0660 plus group) and moves the bound socket into place. */
    void publish(Path bound) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(bound, PosixFileAttributeView.class);
        if (group.isPresent()) {
            GroupPrincipal g;
            try {
                g = bound.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName(group.get());
            } catch (IOException e) {
                throw new IOException("socket group " + group.get() + " does not exist", e);
            }
            view.setGroup(g);
            view.setPermissions(PosixFilePermissions.fromString("rw-rw----"));
        } else {
            view.setPermissions(PosixFilePermissions.fromString("rw-------"));
        }
        if (!bound.equals(path)) {
            Files.move(bound, path, StandardCopyOption.ATOMIC_MOVE);
            Files.deleteIfExists(bound.getParent());
        }
        fileKey = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
    }

    /** Removes the socket file if it is still ours (a newer daemon may have replaced it), and any staging dir. */
    void remove() {
        try {
            Files.deleteIfExists(stagingDir().resolve("s"));
            Files.deleteIfExists(stagingDir());
            if (fileKey != null && Files.exists(path, LinkOption.NOFOLLOW_LINKS)
                    && Objects.equals(fileKey, Files.readAttributes(path, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS).fileKey())) {
                Files.delete(path);
            }
        } catch (NoSuchFileException ignored) {
            // already gone: nothing to clean
        } catch (IOException e) {
            org.slf4j.LoggerFactory.getLogger(SocketFile.class).warn("cannot remove socket {}: {}", path, e.toString());
        }
    }

    private Path stagingDir() {
        return path.resolveSibling("." + path.getFileName() + "." + ProcessHandle.current().pid());
    }

    static boolean isSocket(Path p) throws IOException {
        int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        return (mode & S_IFMT) == S_IFSOCK;
    }

    private static int pathBytes(Path p) {
        return p.toString().getBytes(StandardCharsets.UTF_8).length;
    }
}
