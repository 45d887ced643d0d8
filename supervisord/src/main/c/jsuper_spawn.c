/*
 * jsuper-spawn: the exec helper jsuperd starts (clone3, or posix_spawn) for every child.
 *
 *   jsuper-spawn [-c CGROUP_PROCS] [-l NFDS] [-u UID] [-g GID] [-G g1,g2,...] [-m UMASK_OCTAL] [-r RES:VALUE]... [-d DIR] -- prog arg...
 *
 * -c names the cgroup.procs file of the cgroup v2 the child must live in: the helper writes "0"
 * (itself) there before anything else, so the program and everything it ever forks is inside that
 * cgroup from its first instruction (no setsid() or double fork can leave it). One open and one
 * write in the child: nothing on the daemon's side per spawn.
 *
 * The daemon (a multithreaded JVM) cannot safely fork and run code before exec, and posix_spawn
 * cannot change user, umask or rlimits. This helper runs in the fresh child, sets up what
 * posix_spawn could not, and execs the program, so the program keeps the helper's pid.
 *
 * Contract with the daemon: fd 0-2 are the child's stdio, fd 99 (STATUS_FD) is the write end of the
 * exec-status pipe. Every step that fails writes one line "<step> <arg>: <reason>" there and exits 127.
 * It is close-on-exec, so a successful exec shows up as EOF with no data. <reason> is the text
 * glibc's strerror() gives for the errno ("Unknown error N" for errnos not in our table).
 *
 * -l NFDS (systemd socket activation, docs/zero-downtime.md): fds 3 .. 3+NFDS-1 are listening sockets
 * the daemon owns; they are kept open across exec, and the LISTEN_PID=<placeholder> entry the daemon put
 * in the environment (if there is one) is overwritten with this process's own pid, which the program keeps
 * after exec.
 * The status pipe sits on fd 99 so that fds from 3 up are free for them.
 *
 * Why freestanding (no libc at all, static, own _start and syscalls):
 * every glibc program start runs init_cpu_features/init_cacheinfo, which execute dozens of CPUID
 * instructions, and on our VMs each CPUID traps to the hypervisor. perf on a burst of 1000 spawns
 * put ~50 % of all CPU there, half of it in this helper's own start-up (the rest in the real
 * program, which we cannot avoid). The helper also sits on the respawn critical path, between the
 * kill and the program's exec. Without libc there is no dynamic loader, no relocation, no CPU
 * feature probing, no TLS or stdio set-up: the kernel jumps to _start and we make ~75 syscalls.
 * The price is that we do by hand the few things libc did for us: syscall stubs, strerror for the
 * errnos that can occur here, number parsing, and execvp's PATH search.
 *
 * execvp differences from glibc, on purpose: no ENOEXEC -> /bin/sh fallback. A file without a
 * valid ELF header or "#!" line fails with "Exec format error", as with posix_spawn: scripts need
 * a shebang. Otherwise the search is glibc's: the PATH of the environment we were given (default
 * "/bin:/usr/bin"), an empty entry means the current directory, ENOENT/ENOTDIR/ESTALE/ENODEV/
 * ETIMEDOUT try the next entry, EACCES is remembered and reported if nothing else ran, any other
 * error stops the search.
 *
 * Style: straight-line code, no allocation; the only writable globals are three static buffers.
 * Build: cc -O2 -static -nostdlib -ffreestanding -fno-builtin -fno-stack-protector
 *           -fno-asynchronous-unwind-tables -Wall -Wextra -Werror (see supervisord/pom.xml).
 */

/* ---------------------------------------------------------------------------------------------
 * Architecture: entry point and the one syscall stub. Arguments are passed as longs; the kernel
 * returns -errno (-4095..-1) on failure, and every wrapper below keeps that convention.
 * ------------------------------------------------------------------------------------------- */
#if defined(__x86_64__)

#define NR_write 1
#define NR_close 3
#define NR_rt_sigaction 13
#define NR_rt_sigprocmask 14
#define NR_execve 59
#define NR_fcntl 72
#define NR_chdir 80
#define NR_umask 95
#define NR_getgid 104
#define NR_setuid 105
#define NR_setgid 106
#define NR_geteuid 107
#define NR_getegid 108
#define NR_setsid 112
#define NR_setgroups 116
#define NR_exit_group 231
#define NR_prlimit64 302
#define NR_close_range 436
#define NR_openat 257
#define NR_getpid 39

/* The kernel enters with rsp -> argc, argv[], NULL, envp[], NULL (rsp is 16-byte aligned). */
__asm__(".text\n"
        ".global _start\n"
        ".type _start, @function\n"
        "_start:\n"
        "    xor %ebp, %ebp\n"   /* outermost frame, for debuggers and unwinders */
        "    mov %rsp, %rdi\n"   /* start_c(initial stack pointer) */
        "    and $-16, %rsp\n"   /* already aligned per ABI; cheap insurance */
        "    call start_c\n"
        "    hlt\n");

static long syscall4(long nr, long a1, long a2, long a3, long a4) {
    register long r10 __asm__("r10") = a4;
    long ret;
    __asm__ volatile("syscall"
                     : "=a"(ret)
                     : "a"(nr), "D"(a1), "S"(a2), "d"(a3), "r"(r10)
                     : "rcx", "r11", "memory");
    return ret;
}

#elif defined(__aarch64__)

/* asm-generic numbers */
#define NR_fcntl 25
#define NR_chdir 49
#define NR_close 57
#define NR_write 64
#define NR_exit_group 94
#define NR_rt_sigaction 134
#define NR_rt_sigprocmask 135
#define NR_setgid 144
#define NR_setuid 146
#define NR_setsid 157
#define NR_setgroups 159
#define NR_umask 166
#define NR_geteuid 175
#define NR_getgid 176
#define NR_getegid 177
#define NR_execve 221
#define NR_prlimit64 261
#define NR_close_range 436
#define NR_openat 56
#define NR_getpid 172

__asm__(".text\n"
        ".global _start\n"
        ".type _start, %function\n"
        "_start:\n"
        "    mov x29, #0\n"      /* outermost frame */
        "    mov x30, #0\n"
        "    mov x0, sp\n"       /* start_c(initial stack pointer); sp is 16-byte aligned */
        "    bl start_c\n"
        "    b .\n");

static long syscall4(long nr, long a1, long a2, long a3, long a4) {
    register long x8 __asm__("x8") = nr;
    register long x0 __asm__("x0") = a1;
    register long x1 __asm__("x1") = a2;
    register long x2 __asm__("x2") = a3;
    register long x3 __asm__("x3") = a4;
    __asm__ volatile("svc 0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2), "r"(x3) : "memory");
    return x0;
}

#else
#error "jsuper-spawn is freestanding and only has _start/syscall stubs for x86_64 and aarch64; add NR_* numbers, _start and syscall4 for this architecture"
#endif

#define SYS0(nr) syscall4((nr), 0, 0, 0, 0)
#define SYS1(nr, a) syscall4((nr), (long) (a), 0, 0, 0)
#define SYS2(nr, a, b) syscall4((nr), (long) (a), (long) (b), 0, 0)
#define SYS3(nr, a, b, c) syscall4((nr), (long) (a), (long) (b), (long) (c), 0)
#define SYS4(nr, a, b, c, d) syscall4((nr), (long) (a), (long) (b), (long) (c), (long) (d))

/* ---------------------------------------------------------------------------------------------
 * Constants we would otherwise take from libc headers (identical on x86_64 and aarch64).
 * ------------------------------------------------------------------------------------------- */
#define EPERM 1
#define ENOENT 2
#define ESRCH 3
#define EINTR 4
#define EIO 5
#define ENXIO 6
#define E2BIG 7
#define ENOEXEC 8
#define EBADF 9
#define EAGAIN 11
#define ENOMEM 12
#define EACCES 13
#define EFAULT 14
#define EBUSY 16
#define ENODEV 19
#define ENOTDIR 20
#define EISDIR 21
#define EINVAL 22
#define ENFILE 23
#define EMFILE 24
#define ETXTBSY 26
#define ENOSPC 28
#define EROFS 30
#define ENAMETOOLONG 36
#define ENOSYS 38
#define ELOOP 40
#define EOVERFLOW 75
#define ELIBBAD 80
#define ETIMEDOUT 110
#define ESTALE 116

#define F_SETFD 2
#define AT_FDCWD (-100)
#define O_WRONLY 01
#define O_CLOEXEC 02000000
#define FD_CLOEXEC 1
#define SIG_SETMASK 2
#define RLIMIT_NOFILE 7
#define RLIM_INFINITY (~0UL)
#define NAME_MAX 255
#define PATH_MAX 4096

/* Listening sockets take fds 3 .. 3+MAX_LISTEN_FDS-1 at most; the status pipe is above them. */
#define LISTEN_FDS_START 3
#define MAX_LISTEN_FDS 64
#define STATUS_FD 99
#define MAX_GROUPS 1024
#define MAX_RLIMITS 32
/* Fallback fd sweep stops here even if RLIMIT_NOFILE is higher (the JVM raises it to the hard
 * limit, often 1M); only used on kernels without close_range (< 5.9). */
#define MAX_FD_SWEEP 65536

typedef unsigned long size_t;
typedef unsigned int id32; /* uid_t/gid_t as the kernel sees them */

struct kernel_rlimit {
    unsigned long cur;
    unsigned long max;
};

void start_c(long *sp) __attribute__((noreturn, used));

/* ---------------------------------------------------------------------------------------------
 * The little of libc we need.
 * ------------------------------------------------------------------------------------------- */
static size_t str_len(const char *s) {
    size_t n = 0;
    while (s[n] != '\0') {
        n++;
    }
    return n;
}

static int str_eq(const char *a, const char *b) {
    while (*a != '\0' && *a == *b) {
        a++;
        b++;
    }
    return *a == *b;
}

static const char *str_chr(const char *s, char c) {
    for (; *s != '\0'; s++) {
        if (*s == c) {
            return s;
        }
    }
    return 0;
}

/* Parses a non-negative number, digits only (base 10 or 8); -1 on empty, garbage or > 2^63-1. */
static long long parse_num(const char *s, int base) {
    if (s == 0 || *s == '\0') {
        return -1;
    }
    unsigned long long v = 0;
    for (; *s != '\0'; s++) {
        unsigned d = (unsigned) (*s - '0');
        if (d >= (unsigned) base) {
            return -1;
        }
        if (v > (0x7fffffffffffffffULL - d) / (unsigned) base) {
            return -1;
        }
        v = v * (unsigned) base + d;
    }
    return (long long) v;
}

/* glibc's strerror texts for the errnos the steps below can produce. */
static const char *const ERRNO_TEXT[] = {
    [EPERM] = "Operation not permitted",
    [ENOENT] = "No such file or directory",
    [ESRCH] = "No such process",
    [EINTR] = "Interrupted system call",
    [EIO] = "Input/output error",
    [ENXIO] = "No such device or address",
    [E2BIG] = "Argument list too long",
    [ENOEXEC] = "Exec format error",
    [EBADF] = "Bad file descriptor",
    [EAGAIN] = "Resource temporarily unavailable",
    [ENOMEM] = "Cannot allocate memory",
    [EACCES] = "Permission denied",
    [EFAULT] = "Bad address",
    [EBUSY] = "Device or resource busy",
    [ENODEV] = "No such device",
    [ENOTDIR] = "Not a directory",
    [EISDIR] = "Is a directory",
    [EINVAL] = "Invalid argument",
    [ENFILE] = "Too many open files in system",
    [EMFILE] = "Too many open files",
    [ETXTBSY] = "Text file busy",
    [ENOSPC] = "No space left on device",
    [EROFS] = "Read-only file system",
    [ENAMETOOLONG] = "File name too long",
    [ENOSYS] = "Function not implemented",
    [ELOOP] = "Too many levels of symbolic links",
    [EOVERFLOW] = "Value too large for defined data type",
    [ELIBBAD] = "Accessing a corrupted shared library",
    [ETIMEDOUT] = "Connection timed out",
    [ESTALE] = "Stale file handle",
};

/* ---------------------------------------------------------------------------------------------
 * Reporting on the status pipe.
 * ------------------------------------------------------------------------------------------- */
static void __attribute__((noreturn)) exit_now(int code) {
    for (;;) {
        SYS1(NR_exit_group, code);
    }
}

static void put(const char *s) {
    size_t len = str_len(s);
    while (len > 0) {
        long n = SYS3(NR_write, STATUS_FD, s, len);
        if (n == -EINTR) {
            continue;
        }
        if (n <= 0) {
            return;
        }
        s += n;
        len -= (size_t) n;
    }
}

/* Formats "Unknown error N" like glibc for errnos outside the table. */
static const char *errno_text(int err) {
    static char unknown[32] = "Unknown error ";
    if (err > 0 && err < (int) (sizeof ERRNO_TEXT / sizeof ERRNO_TEXT[0]) && ERRNO_TEXT[err] != 0) {
        return ERRNO_TEXT[err];
    }
    char digits[12];
    int n = 0;
    unsigned u = err < 0 ? 0u - (unsigned) err : (unsigned) err;
    do {
        digits[n++] = (char) ('0' + u % 10);
        u /= 10;
    } while (u != 0);
    char *p = unknown + 14; /* after "Unknown error " */
    if (err < 0) {
        *p++ = '-';
    }
    while (n > 0) {
        *p++ = digits[--n];
    }
    *p = '\0';
    return unknown;
}

/* Reports "<step> <arg>: <reason>" on the status pipe and exits 127 (the shell's "cannot run"). */
static void __attribute__((noreturn)) fail(const char *step, const char *arg, const char *reason) {
    put(step);
    if (arg != 0) {
        put(" ");
        put(arg);
    }
    put(": ");
    put(reason);
    put("\n");
    exit_now(127);
}

/* rc is a raw syscall result, i.e. -errno. */
static void __attribute__((noreturn)) fail_rc(const char *step, const char *arg, long rc) {
    fail(step, arg, errno_text((int) -rc));
}

/* ---------------------------------------------------------------------------------------------
 * The set-up steps, in the order start_c runs them.
 * ------------------------------------------------------------------------------------------- */

/* Closes fds first .. last (inclusive); close_range, or a sweep on kernels < 5.9. */
static void close_fds(unsigned long first, unsigned long last) {
    if (first > last || SYS3(NR_close_range, first, last, 0) == 0) {
        return;
    }
    /* Sweep up to the soft limit; fds above it cannot be opened, so cannot exist unless the limit
     * was lowered after they were. */
    struct kernel_rlimit rl;
    unsigned long max = MAX_FD_SWEEP;
    if (SYS4(NR_prlimit64, 0, RLIMIT_NOFILE, 0, &rl) == 0 && rl.cur < MAX_FD_SWEEP) {
        max = rl.cur;
    }
    for (unsigned long fd = first; fd <= last && fd < max; fd++) {
        SYS1(NR_close, fd);
    }
}

/* Closes every fd but stdio, the listening sockets and the status pipe, so no daemon socket, jar or
 * log file leaks into the child. */
static void close_inherited_fds(int listen_fds) {
    close_fds(LISTEN_FDS_START + (unsigned long) listen_fds, STATUS_FD - 1);
    close_fds(STATUS_FD + 1, ~0U);
}

/* Writes our pid over the value of the LISTEN_PID entry, if any (the daemon reserved room for it). */
static void set_listen_pid(char **envp) {
    for (; *envp != 0; envp++) {
        char *e = *envp;
        const char *n = "LISTEN_PID=";
        while (*n != '\0' && *e == *n) {
            e++;
            n++;
        }
        if (*n != '\0') {
            continue;
        }
        if (str_len(e) < 10) {
            fail("listen", "LISTEN_PID", "no room for a pid (the daemon reserves 10 characters)");
        }
        char digits[12];
        int k = 0;
        unsigned long pid = (unsigned long) SYS0(NR_getpid);
        do {
            digits[k++] = (char) ('0' + pid % 10);
            pid /= 10;
        } while (pid != 0);
        while (k > 0) {
            *e++ = digits[--k];
        }
        *e = '\0';
        return;
    }
    /* No LISTEN_PID: the program was told its fds on its command line (Circus style), nothing to write. */
}

/* Moves this process (and so the program it becomes) into the cgroup whose cgroup.procs is given. */
static void join_cgroup(const char *procs) {
    long fd = SYS4(NR_openat, AT_FDCWD, procs, O_WRONLY | O_CLOEXEC, 0);
    if (fd < 0) {
        fail_rc("cgroup", procs, fd);
    }
    long rc;
    do {
        rc = SYS3(NR_write, fd, "0", 1);
    } while (rc == -EINTR);
    SYS1(NR_close, fd);
    if (rc != 1) {
        fail_rc("cgroup", procs, rc < 0 ? rc : -EIO);
    }
}

static void reset_signals(void) {
    unsigned long none = 0; /* kernel sigset: 64 bits, sigsetsize 8 */
    SYS4(NR_rt_sigprocmask, SIG_SETMASK, &none, 0, sizeof none);
    /*
     * glibc's posix_spawn leaves its internal signals 32 and 33 ignored; the raw syscall resets
     * them too. An all-zero kernel sigaction is SIG_DFL, no flags, empty mask (4 longs cover the
     * x86_64 layout with sa_restorer). KILL and STOP refuse (EINVAL): harmless.
     */
    unsigned long dfl[4] = { 0, 0, 0, 0 };
    for (long sig = 1; sig < 65; sig++) {
        SYS4(NR_rt_sigaction, sig, dfl, 0, 8);
    }
}

static void apply_rlimit(char *spec) {
    char *colon = (char *) str_chr(spec, ':');
    if (colon == 0) {
        fail("setrlimit", spec, "bad limit (want RES:VALUE)");
    }
    *colon = '\0';
    long long res = parse_num(spec, 10);
    const char *value = colon + 1;
    unsigned long lim;
    if (str_eq(value, "unlimited")) {
        lim = RLIM_INFINITY;
    } else {
        long long v = parse_num(value, 10);
        if (v < 0) {
            *colon = ':';
            fail("setrlimit", spec, "bad value");
        }
        lim = (unsigned long) v;
    }
    struct kernel_rlimit rl = { lim, lim };
    /* What glibc's setrlimit does on 64-bit: prlimit64 on ourselves. */
    long rc = res < 0 || res > 0x7fffffff ? -EINVAL : SYS4(NR_prlimit64, 0, res, &rl, 0);
    if (rc != 0) {
        *colon = ':';
        fail_rc("setrlimit", spec, rc);
    }
}

/* Parses "1,2,3" into gids, skipping empty items like strtok; returns the count. */
static int parse_groups(char *list, id32 *out) {
    int n = 0;
    char *p = list;
    while (*p != '\0') {
        if (*p == ',') {
            p++;
            continue;
        }
        char *tok = p;
        while (*p != '\0' && *p != ',') {
            p++;
        }
        if (*p == ',') {
            *p++ = '\0'; /* terminate tok, so a failure message shows just this item */
        }
        long long g = parse_num(tok, 10);
        if (g < 0 || g > 0xfffffffeLL || n == MAX_GROUPS) {
            fail("setgroups", tok, "bad group id");
        }
        out[n++] = (id32) g;
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
    long euid = SYS0(NR_geteuid);
    if (euid != 0 && (uid < 0 || uid == euid) && (gid < 0 || gid == SYS0(NR_getegid))) {
        return;
    }
    static id32 groups[MAX_GROUPS];
    int ngroups = 0;
    long rc;
    if (groups_s != 0) {
        ngroups = parse_groups(groups_s, groups);
    } else if (uid >= 0) {
        groups[ngroups++] = (id32) (gid >= 0 ? gid : SYS0(NR_getgid));
    }
    if ((groups_s != 0 || uid >= 0) && (rc = SYS2(NR_setgroups, ngroups, groups)) != 0) {
        fail_rc("setgroups", groups_s ? "(list)" : gid_s, rc);
    }
    if (gid >= 0 && (rc = SYS1(NR_setgid, gid)) != 0) {
        fail_rc("setgid", gid_s, rc);
    }
    if (uid >= 0) {
        if ((rc = SYS1(NR_setuid, uid)) != 0) {
            fail_rc("setuid", uid_s, rc);
        }
        /* Verify the drop: a process that can still become root did not really switch. */
        if (uid != 0 && SYS1(NR_setuid, 0) == 0) {
            fail("setuid", uid_s, "privileges could not be dropped");
        }
    }
}

/* getenv on the environment the kernel gave us. */
static const char *env_get(char **envp, const char *name) {
    for (; *envp != 0; envp++) {
        const char *e = *envp, *n = name;
        while (*n != '\0' && *e == *n) {
            e++;
            n++;
        }
        if (*n == '\0' && *e == '=') {
            return e + 1;
        }
    }
    return 0;
}

/* glibc's execvp minus the /bin/sh fallback (see header). Returns only on failure, with -errno. */
static long exec_search(const char *file, char **argv, char **envp) {
    if (*file == '\0') {
        return -ENOENT;
    }
    if (str_chr(file, '/') != 0) {
        return SYS3(NR_execve, file, argv, envp);
    }
    size_t file_len = str_len(file);
    if (file_len >= NAME_MAX) { /* glibc's limit, checked before searching */
        return -ENAMETOOLONG;
    }
    const char *path = env_get(envp, "PATH");
    if (path == 0) {
        path = "/bin:/usr/bin"; /* glibc's confstr(_CS_PATH) */
    }
    static char buf[PATH_MAX + 1 + NAME_MAX + 1];
    int got_eacces = 0;
    long rc = -ENOENT;
    for (const char *dir = path;; dir++) {
        const char *end = dir;
        while (*end != '\0' && *end != ':') {
            end++;
        }
        size_t dir_len = (size_t) (end - dir);
        if (dir_len < PATH_MAX) { /* longer entries cannot name a directory: skip, like glibc */
            size_t n = 0;
            for (; n < dir_len; n++) {
                buf[n] = dir[n];
            }
            if (dir_len > 0) { /* an empty entry means the current directory */
                buf[n++] = '/';
            }
            for (size_t k = 0; k <= file_len; k++) { /* including the NUL */
                buf[n + k] = file[k];
            }
            rc = SYS3(NR_execve, buf, argv, envp);
            switch (-rc) {
                case EACCES:
                    got_eacces = 1; /* e.g. a non-executable file of that name: keep looking */
                    break;
                case ENOENT:
                case ESTALE:
                case ENOTDIR:
                case ENODEV:
                case ETIMEDOUT:
                    break; /* not here (or an unreachable mount): next entry */
                default:
                    return rc; /* found something but it cannot run: report that */
            }
        }
        if (*end == '\0') {
            break;
        }
        dir = end;
    }
    return got_eacces ? -EACCES : rc;
}

/* ---------------------------------------------------------------------------------------------
 * Entry point (called from _start with the initial stack pointer).
 * ------------------------------------------------------------------------------------------- */
void start_c(long *sp) {
    int argc = (int) sp[0];
    char **argv = (char **) (sp + 1);
    char **envp = argv + argc + 1;
    const char *uid_s = 0, *gid_s = 0, *umask_s = 0, *dir = 0, *cgroup_s = 0, *listen_s = 0;
    char *groups_s = 0;
    char *rlimits[MAX_RLIMITS];
    int nrlimits = 0, i = 1;
    long rc;

    if (SYS3(NR_fcntl, STATUS_FD, F_SETFD, FD_CLOEXEC) != 0) {
        exit_now(127); /* nobody to tell: the daemon's status pipe is missing */
    }
    for (; i < argc; i++) {
        const char *opt = argv[i];
        if (str_eq(opt, "--")) {
            i++;
            break;
        }
        if (opt[0] != '-' || opt[1] == '\0' || opt[2] != '\0' || i + 1 >= argc) {
            fail("usage", opt, "expected [-c CGROUP_PROCS] [-l NFDS] [-u UID] [-g GID] [-G LIST] [-m UMASK] [-r RES:VALUE]... [-d DIR] -- prog arg...");
        }
        char *val = argv[++i];
        switch (opt[1]) {
            case 'c': cgroup_s = val; break;
            case 'l': listen_s = val; break;
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
        fail("usage", 0, "no program given after --");
    }
    long long listen_fds = listen_s ? parse_num(listen_s, 10) : 0;
    if (listen_fds < 0 || listen_fds > MAX_LISTEN_FDS) {
        fail("usage", listen_s, "bad number of listening sockets (0..64)");
    }
    /* Options are parsed before anything else is done, so the fds to keep are known. */
    close_inherited_fds((int) listen_fds);
    reset_signals();
    if ((rc = SYS0(NR_setsid)) < 0) {
        fail_rc("setsid", 0, rc);
    }
    if (listen_fds > 0) {
        set_listen_pid(envp);
    }

    /* First, while still the daemon's user: the cgroup's files belong to the daemon. */
    if (cgroup_s != 0) {
        join_cgroup(cgroup_s);
    }
    for (int r = 0; r < nrlimits; r++) {
        apply_rlimit(rlimits[r]);
    }
    if (umask_s != 0) {
        long long m = parse_num(umask_s, 8);
        if (m < 0 || m > 0777) {
            fail("umask", umask_s, "bad umask");
        }
        SYS1(NR_umask, m);
    }
    if (uid_s != 0 || gid_s != 0 || groups_s != 0) {
        switch_identity(uid_s, gid_s, groups_s);
    }
    if (dir != 0 && (rc = SYS1(NR_chdir, dir)) != 0) {
        fail_rc("chdir", dir, rc);
    }
    fail_rc("execvp", argv[i], exec_search(argv[i], &argv[i], envp));
}
