/*
 * seqlog: the log-capture workload's writer and checker (compiled by the bench suite at start with cc -O2).
 *
 *   seqlog write BYTES GOFILE   wait until GOFILE exists, then write BYTES/100 lines of exactly 100 bytes
 *                               ("%016llu " + 82 filler + "\n", numbered from 1) to stdout in 64 KiB
 *                               writes; then sleep forever (so no supervisor restarts it) unless
 *                               SEQLOG_EXIT is set in the environment
 *   seqlog check EXPECTED FILE...   read the files in the given order (oldest first) and print
 *                               "lines=N first=F last=L gaps=G bad=B" where gaps counts sequence numbers
 *                               missing between first and EXPECTED (the last line written), and bad counts
 *                               malformed/split lines, duplicates and lines out of order; with
 *                               SEQLOG_PREFIXED set, a "TIME [PID] | " prefix (jsuper's time_format) is skipped
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define LINE 100
#define PER_WRITE 655 /* lines per write(): 65,500 bytes */

static int write_all(const char *p, size_t n) {
    while (n > 0) {
        ssize_t w = write(1, p, n);
        if (w < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

static int do_write(unsigned long long bytes, const char *go) {
    while (access(go, F_OK) != 0) usleep(1000);
    unsigned long long lines = bytes / LINE, seq = 1;
    static char buf[LINE * PER_WRITE];
    char filler[LINE];
    for (int i = 0; i < LINE; i++) filler[i] = 'a' + i % 26;
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
        if (write_all(buf, n) != 0) return 1;
    }
    if (getenv("SEQLOG_EXIT")) return 0;
    for (;;) pause();
}

static int do_check(unsigned long long expected, int nfiles, char **files) {
    unsigned long long lines = 0, first = 0, last = 0, gaps = 0, bad = 0;
    int prefixed = getenv("SEQLOG_PREFIXED") != NULL;
    char *line = NULL;
    size_t cap = 0;
    for (int f = 0; f < nfiles; f++) {
        FILE *in = fopen(files[f], "r");
        if (!in) continue;
        ssize_t len;
        while ((len = getline(&line, &cap, in)) > 0) {
            char *end, *body = line;
            if (prefixed) { /* jsuper's time_format: "TIME [PID] | " before the writer's line */
                char *bar = memmem(line, len < 96 ? len : 96, " | ", 3);
                if (bar) {
                    body = bar + 3;
                    len -= body - line;
                }
            }
            unsigned long long s = strtoull(body, &end, 10);
            if (len != LINE || body[LINE - 1] != '\n' || end != body + 16 || *end != ' ' || s == 0) {
                bad++;
                continue;
            }
            if (lines == 0) {
                first = s;
            } else if (s <= last) {
                bad++; /* duplicate or out of order */
                continue;
            } else {
                gaps += s - last - 1;
            }
            last = s;
            lines++;
        }
        fclose(in);
    }
    if (expected > last) gaps += expected - last; /* the tail never arrived */
    printf("lines=%llu first=%llu last=%llu gaps=%llu bad=%llu\n", lines, first, last, gaps, bad);
    return 0;
}

int main(int argc, char **argv) {
    if (argc == 4 && strcmp(argv[1], "write") == 0) return do_write(strtoull(argv[2], NULL, 10), argv[3]);
    if (argc >= 3 && strcmp(argv[1], "check") == 0) return do_check(strtoull(argv[2], NULL, 10), argc - 3, argv + 3);
    fprintf(stderr, "usage: seqlog write BYTES GOFILE | seqlog check EXPECTED_LAST FILE...\n");
    return 2;
}
