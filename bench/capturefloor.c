/*
 * capturefloor: what capturing a child's stdout into a file costs on this kernel at the least, to compare
 * with jsuperd's daemon CPU per GiB in the logs workload (bench/results/capturefloor-*.md).
 *
 *   cc -O2 -o capturefloor bench/capturefloor.c
 *   capturefloor MODE BYTES DIR [PIPE_SIZE]
 *
 * A forked writer produces BYTES of 100-byte numbered lines in 64 KiB writes (as seqlog's writer) into a
 * pipe grown to PIPE_SIZE (default 1 MiB, F_SETPIPE_SZ); the parent moves them into DIR/out.log, rotating
 * at 50 MB with 10 backups (rename chain, the oldest unlinked), and prints the parent's own CPU seconds
 * (getrusage RUSAGE_SELF: the writer is not counted) per GiB and the throughput. MODE:
 *   splice        blocking splice(2) pipe -> file, no epoll (the least a capture can do)
 *   epoll-splice  epoll_wait (level-triggered) + non-blocking splice, as an event loop would
 *   rw            read(2) into a 1 MiB buffer + write(2) (what cat does, with a larger buffer)
 *   null          splice pipe -> /dev/null (the pipe side alone: no page cache)
 *   norotate-splice  as splice, one file, no rotation (rotation's share: renames and unlinks of 50 MB files)
 *   stamp[-KIB]   read(2) into 1 MiB, a 30-byte time_format prefix before every line (memchr + memcpy, as
 *                 libjsuper-stamp.so), write(2) in blocks of KIB KiB (default 1024, as jsuperd); rotation not at lines
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define LINE 100
#define PER_WRITE 655
#define MAX_BYTES (50LL * 1000 * 1000)
#define BACKUPS 10

static void writer(int fd, unsigned long long bytes) {
    static char buf[LINE * PER_WRITE];
    char filler[LINE];
    for (int i = 0; i < LINE; i++) filler[i] = 'a' + i % 26;
    unsigned long long lines = bytes / LINE, seq = 1;
    while (seq <= lines) {
        size_t n = 0;
        for (int i = 0; i < PER_WRITE && seq <= lines; i++, seq++) {
            char *l = buf + n;
            unsigned long long v = seq;
            for (int d = 15; d >= 0; d--, v /= 10) l[d] = (char)('0' + v % 10);
            l[16] = ' ';
            memcpy(l + 17, filler, LINE - 18);
            l[LINE - 1] = '\n';
            n += LINE;
        }
        for (size_t off = 0; off < n;) {
            ssize_t w = write(fd, buf + off, n - off);
            if (w < 0) {
                if (errno == EINTR) continue;
                _exit(1);
            }
            off += (size_t)w;
        }
    }
    _exit(0);
}

static char path[4096];

static int open_log(const char *dir) {
    snprintf(path, sizeof path, "%s/out.log", dir);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) { perror(path); exit(2); }
    return fd;
}

static void rotate(const char *dir) {
    char from[4200], to[4200];
    snprintf(to, sizeof to, "%s/out.log.%d", dir, BACKUPS);
    unlink(to);
    for (int i = BACKUPS - 1; i >= 1; i--) {
        snprintf(from, sizeof from, "%s/out.log.%d", dir, i);
        snprintf(to, sizeof to, "%s/out.log.%d", dir, i + 1);
        rename(from, to);
    }
    snprintf(from, sizeof from, "%s/out.log", dir);
    snprintf(to, sizeof to, "%s/out.log.1", dir);
    rename(from, to);
}

/* Stamps buf[0..n) into out_buf, writing each block of `block` bytes (and the rest at the end); returns bytes written. */
static long long stamp_and_write(int out, const char *buf, size_t n, char *out_buf, size_t block, int *line_start) {
    static const char prefix[] = "2026-11-27 17:00:05 [12345] | ";
    size_t i = 0, o = 0;
    long long total = 0;
    while (i < n) {
        if (*line_start) {
            memcpy(out_buf + o, prefix, sizeof prefix - 1);
            o += sizeof prefix - 1;
            *line_start = 0;
        }
        const char *nl = memchr(buf + i, '\n', n - i);
        size_t piece = nl != NULL ? (size_t)(nl - buf) + 1 - i : n - i;
        memcpy(out_buf + o, buf + i, piece);
        o += piece;
        i += piece;
        *line_start = nl != NULL;
        if (o >= block || i == n) {
            for (size_t off = 0; off < o;) {
                ssize_t w = write(out, out_buf + off, o - off);
                if (w < 0) { perror("write"); exit(2); }
                off += (size_t)w;
            }
            total += (long long)o;
            o = 0;
        }
    }
    return total;
}

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: capturefloor splice|epoll-splice|rw|null|norotate-splice|stamp[-KIB] BYTES DIR [PIPE_SIZE]\n");
        return 2;
    }
    const char *mode = argv[1], *dir = argv[3];
    unsigned long long bytes = strtoull(argv[2], NULL, 10);
    int pipe_size = argc > 4 ? atoi(argv[4]) : 1 << 20;
    int p[2];
    if (pipe2(p, O_CLOEXEC) != 0) { perror("pipe2"); return 2; }
    if (fcntl(p[0], F_SETPIPE_SZ, pipe_size) < 0) perror("F_SETPIPE_SZ");
    int rotating = strcmp(mode, "norotate-splice") != 0 && strcmp(mode, "null") != 0;
    int stamp = strncmp(mode, "stamp", 5) == 0, line_start = 1;
    size_t block = (size_t)(stamp && mode[5] == '-' ? atoi(mode + 6) : 1024) * 1024;
    char *stamped = stamp ? malloc(block + (1 << 20) * 31) : NULL; /* a block, plus a read of empty lines */
    int use_splice = strcmp(mode, "rw") != 0 && !stamp;
    int use_epoll = strcmp(mode, "epoll-splice") == 0;
    int out = strcmp(mode, "null") == 0 ? open("/dev/null", O_WRONLY) : open_log(dir);
    double t0 = now();
    pid_t child = fork();
    if (child == 0) {
        prctl(PR_SET_NAME, "floor-writer"); /* so that perf can tell the writer from the capture */
        close(p[0]);
        writer(p[1], bytes);
    }
    close(p[1]);
    int ep = -1;
    if (use_epoll) {
        fcntl(p[0], F_SETFL, O_NONBLOCK);
        ep = epoll_create1(0);
        struct epoll_event ev = {.events = EPOLLIN, .data.fd = p[0]};
        epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev);
    }
    static char buf[1 << 20];
    long long size = 0, total = 0, calls = 0, waits = 0;
    for (;;) {
        if (use_epoll) {
            struct epoll_event ev;
            if (epoll_wait(ep, &ev, 1, -1) < 0 && errno != EINTR) { perror("epoll_wait"); return 2; }
            waits++;
        }
        size_t room = rotating ? (size_t)(MAX_BYTES - size) : (size_t)pipe_size;
        if (room > (size_t)pipe_size) room = (size_t)pipe_size;
        ssize_t n;
        long long written = -1;
        if (stamp) {
            n = read(p[0], buf, sizeof buf);
            if (n > 0) written = stamp_and_write(out, buf, (size_t)n, stamped, block, &line_start);
        } else if (use_splice) {
            n = splice(p[0], NULL, out, NULL, room, use_epoll ? SPLICE_F_NONBLOCK : 0);
        } else {
            n = read(p[0], buf, room);
            for (ssize_t off = 0; n > 0 && off < n;) {
                ssize_t w = write(out, buf + off, (size_t)(n - off));
                if (w < 0) { perror("write"); return 2; }
                off += w;
            }
        }
        calls++;
        if (n < 0) {
            if (errno == EAGAIN || errno == EINTR) continue;
            perror("move");
            return 2;
        }
        if (n == 0) break;
        size += written >= 0 ? written : n;
        total += n;
        if (rotating && size >= MAX_BYTES) {
            close(out);
            rotate(dir);
            out = open_log(dir);
            size = 0;
        }
    }
    double wall = now() - t0;
    waitpid(child, NULL, 0);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    double user = ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6;
    double sys = ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
    double gib = total / (double)(1LL << 30);
    printf("mode=%s pipe=%d bytes=%lld cpu_s_per_gib=%.3f user=%.3f sys=%.3f mib_s=%.0f calls=%lld waits=%lld\n",
           mode, pipe_size, total, (user + sys) / gib, user / gib, sys / gib, total / 1048576.0 / wall, calls, waits);
    return 0;
}
