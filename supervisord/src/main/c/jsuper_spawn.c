/*
 * jsuper-spawn: the exec helper jsuperd posix_spawn()s for every child.
 *
 *   jsuper-spawn [-u UID] [-g GID] [-G g1,g2,...] [-m UMASK_OCTAL] [-r RES:VALUE]... [-d DIR] -- prog arg...
 *
 * The daemon (a multithreaded JVM) cannot safely fork and run code before exec, and posix_spawn
 * cannot change user, umask or rlimits. This helper runs in the fresh child, sets up what
 * posix_spawn could not, and execs the program, so the program keeps the helper's pid.
 *
 * Contract with the daemon: fd 0-2 are the child's stdio, fd 3 is the write end of the exec-status
 * pipe. Every step that fails writes one line "<step> <arg>: <reason>" to fd 3 and exits 127.
 * fd 3 is close-on-exec, so a successful exec shows up as EOF with no data.
 *
 * Style: straight-line code, no allocation, only async-signal-safe calls after argument parsing.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define STATUS_FD 3
#define MAX_GROUPS 1024
#define MAX_RLIMITS 32

static void put(const char *s) {
    size_t len = strlen(s);
    while (len > 0) {
        ssize_t n = write(STATUS_FD, s, len);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return;
        }
        s += n;
        len -= (size_t) n;
    }
}

/* Reports "<step> <arg>: <reason>" on the status pipe and exits 127 (the shell's "cannot run"). */
static void fail(const char *step, const char *arg, const char *reason) {
    put(step);
    if (arg != NULL) {
        put(" ");
        put(arg);
    }
    put(": ");
    put(reason);
    put("\n");
    _exit(127);
}

static void fail_errno(const char *step, const char *arg) {
    fail(step, arg, strerror(errno));
}

/* Parses a non-negative decimal (base 10) or octal (base 8) number; -1 on garbage. */
static long long parse_num(const char *s, int base) {
    char *end;
    if (s == NULL || *s == '\0' || *s == '-') {
        return -1;
    }
    errno = 0;
    unsigned long long v = strtoull(s, &end, base);
    if (errno != 0 || *end != '\0' || v > (unsigned long long) 0x7fffffffffffffffLL) {
        return -1;
    }
    return (long long) v;
}

/* Closes every fd above the status fd, so no daemon socket, jar or log file leaks into the child. */
static void close_inherited_fds(void) {
#ifdef SYS_close_range
    if (syscall(SYS_close_range, STATUS_FD + 1, ~0U, 0) == 0) {
        return;
    }
#endif
    DIR *dir = opendir("/proc/self/fd");
    if (dir != NULL) {
        int self = dirfd(dir);
        struct dirent *e;
        while ((e = readdir(dir)) != NULL) {
            long long fd = parse_num(e->d_name, 10);
            if (fd > STATUS_FD && fd != self) {
                close((int) fd);
            }
        }
        closedir(dir);
        return;
    }
    struct rlimit rl;
    rlim_t max = (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY) ? rl.rlim_cur : 65536;
    for (rlim_t fd = STATUS_FD + 1; fd < max; fd++) {
        close((int) fd);
    }
}

static void reset_signals(void) {
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    /*
     * Raw rt_sigaction: glibc's sigaction() refuses its internal signals 32 and 33, which its
     * posix_spawn leaves ignored. An all-zero kernel sigaction is SIG_DFL, no flags, empty mask.
     * KILL and STOP refuse (EINVAL): harmless.
     */
    unsigned long dfl[4] = { 0, 0, 0, 0 };
    for (long sig = 1; sig < 65; sig++) {
        syscall(SYS_rt_sigaction, sig, dfl, NULL, 8L);
    }
}

static void apply_rlimit(char *spec) {
    char *colon = strchr(spec, ':');
    if (colon == NULL) {
        fail("setrlimit", spec, "bad limit (want RES:VALUE)");
    }
    *colon = '\0';
    long long res = parse_num(spec, 10);
    const char *value = colon + 1;
    rlim_t lim;
    if (strcmp(value, "unlimited") == 0) {
        lim = RLIM_INFINITY;
    } else {
        long long v = parse_num(value, 10);
        if (v < 0) {
            *colon = ':';
            fail("setrlimit", spec, "bad value");
        }
        lim = (rlim_t) v;
    }
    struct rlimit rl = { lim, lim };
    if (res < 0 || setrlimit((int) res, &rl) != 0) {
        *colon = ':';
        fail_errno("setrlimit", spec);
    }
}

/* Parses "1,2,3" into gids; returns the count. */
static int parse_groups(char *list, gid_t *out) {
    int n = 0;
    char *save = NULL;
    for (char *tok = strtok_r(list, ",", &save); tok != NULL; tok = strtok_r(NULL, ",", &save)) {
        long long g = parse_num(tok, 10);
        if (g < 0 || g > 0xfffffffeLL || n == MAX_GROUPS) {
            fail("setgroups", tok, "bad group id");
        }
        out[n++] = (gid_t) g;
    }
    return n;
}

static void switch_identity(const char *uid_s, const char *gid_s, char *groups_s) {
    long long uid = uid_s ? parse_num(uid_s, 10) : -1;
    long long gid = gid_s ? parse_num(gid_s, 10) : -1;
    if ((uid_s && (uid < 0 || uid > 0xfffffffeLL)) || (gid_s && (gid < 0 || gid > 0xfffffffeLL))) {
        fail("setuid", uid_s ? uid_s : gid_s, "bad id");
    }
    /* An unprivileged daemon may "switch" to itself (supervisord allows user=<self>). */
    if (geteuid() != 0 && (uid < 0 || (uid_t) uid == geteuid()) && (gid < 0 || (gid_t) gid == getegid())) {
        return;
    }
    static gid_t groups[MAX_GROUPS];
    int ngroups = 0;
    if (groups_s != NULL) {
        ngroups = parse_groups(groups_s, groups);
    } else if (uid >= 0) {
        groups[ngroups++] = (gid_t) (gid >= 0 ? gid : (long long) getgid());
    }
    if ((groups_s != NULL || uid >= 0) && setgroups((size_t) ngroups, groups) != 0) {
        fail_errno("setgroups", groups_s ? "(list)" : gid_s);
    }
    if (gid >= 0 && setgid((gid_t) gid) != 0) {
        fail_errno("setgid", gid_s);
    }
    if (uid >= 0) {
        if (setuid((uid_t) uid) != 0) {
            fail_errno("setuid", uid_s);
        }
        if (uid != 0 && setuid(0) == 0) {
            fail("setuid", uid_s, "privileges could not be dropped");
        }
    }
}

int main(int argc, char **argv) {
    const char *uid_s = NULL, *gid_s = NULL, *umask_s = NULL, *dir = NULL;
    char *groups_s = NULL;
    char *rlimits[MAX_RLIMITS];
    int nrlimits = 0, i = 1;

    if (fcntl(STATUS_FD, F_SETFD, FD_CLOEXEC) != 0) {
        _exit(127); /* nobody to tell: the daemon's status pipe is missing */
    }
    close_inherited_fds();
    reset_signals();
    if (setsid() < 0) {
        fail_errno("setsid", NULL);
    }

    for (; i < argc; i++) {
        const char *opt = argv[i];
        if (strcmp(opt, "--") == 0) {
            i++;
            break;
        }
        if (opt[0] != '-' || opt[1] == '\0' || opt[2] != '\0' || i + 1 >= argc) {
            fail("usage", opt, "expected [-u UID] [-g GID] [-G LIST] [-m UMASK] [-r RES:VALUE]... [-d DIR] -- prog arg...");
        }
        char *val = argv[++i];
        switch (opt[1]) {
            case 'u': uid_s = val; break;
            case 'g': gid_s = val; break;
            case 'G': groups_s = val; break;
            case 'm': umask_s = val; break;
            case 'd': dir = val; break;
            case 'r':
                if (nrlimits == MAX_RLIMITS) {
                    fail("usage", opt, "too many limits");
                }
                rlimits[nrlimits++] = val;
                break;
            default: fail("usage", opt, "unknown option");
        }
    }
    if (i >= argc) {
        fail("usage", NULL, "no program given after --");
    }

    for (int r = 0; r < nrlimits; r++) {
        apply_rlimit(rlimits[r]);
    }
    if (umask_s != NULL) {
        long long m = parse_num(umask_s, 8);
        if (m < 0 || m > 0777) {
            fail("umask", umask_s, "bad umask");
        }
        umask((mode_t) m);
    }
    if (uid_s != NULL || gid_s != NULL || groups_s != NULL) {
        switch_identity(uid_s, gid_s, groups_s);
    }
    if (dir != NULL && chdir(dir) != 0) {
        fail_errno("chdir", dir);
    }
    execvp(argv[i], &argv[i]);
    fail_errno("execvp", argv[i]);
    return 127;
}
