package io.jsuper.jsuperd.logs;

/**
 * The identity of a file on disk: device, inode and birth time (nanoseconds; 0 where the file system does not
 * record it). The birth time tells a new file apart from an older one whose inode number it reuses, which is
 * common here: the compressor deletes each plain backup, and the next log file often gets its inode. What a
 * follower tracks a rotated file by, and what a gzipped backup records of the plain file it was made from
 * ({@link GzipBackup}). Read with {@link FileStat}.
 */
record FileId(long dev, long ino, long birth) {
}
