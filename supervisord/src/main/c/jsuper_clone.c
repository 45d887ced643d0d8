/*
 * libjsuper-clone: start the spawn helper directly inside a cgroup v2 (clone3 with CLONE_INTO_CGROUP),
 * and without copying the daemon's descriptor table (CLONE_FILES, see jsuper_spawn_sharing_fds below).
 *
 *   int jsuper_spawn_into_cgroup(const char *path, char *const argv[], char *const envp[],
 *                                int cgroup_fd, const int *dups, int ndups, int devnull_stdin);
 *
 * Why: moving a process into a cgroup by writing to cgroup.procs takes the kernel's
 * cgroup_threadgroup_rwsem for writing, which waits for an RCU grace period: 6 ms on an idle
 * machine here, 20-60 ms under load, on every respawn. Creating the process in the cgroup
 * (CLONE_INTO_CGROUP, Linux 5.7) only takes the read side: 0.15 ms. posix_spawn cannot do that
 * (glibc 2.39 added posix_spawnattr_setcgroup_np; Debian 12 has 2.36), so this is the part of
 * posix_spawn we need, done the way glibc does it: clone3(CLONE_VM | CLONE_VFORK) on a stack of its
 * own, all signals blocked around it so that no JVM signal handler can run in the child, and in the
 * child only raw system calls (dup3, fcntl, openat, execve) before the exec of the helper, which
 * resets the signal mask and dispositions itself (see jsuper_spawn.c).
 *
 * Returns the child's pid, or -errno: of clone3 (ENOSYS, E2BIG or EINVAL on kernels without
 * CLONE_INTO_CGROUP: the caller falls back to the helper's own cgroup.procs write), of a failed fd
 * set-up or of a failed execve of the helper (the child has then been reaped here, as posix_spawn does).
 *
 * dups holds ndups pairs (source fd, target fd), applied in order like posix_spawn_file_actions_adddup2;
 * a pair whose source equals its target only clears close-on-exec. With devnull_stdin, /dev/null is
 * opened as fd 0 first.
 *
 *   int jsuper_spawn_sharing_fds(const char *path, char *const argv[], char *const envp[], int cgroup_fd,
 *                                const int *dups, int ndups, const int *slots, int devnull, int keep_below,
 *                                int devnull_stdin, int *failed_step);
 *
 * The same spawn without copying the daemon's descriptor table (docs/containment.md, "Spawning"). A plain
 * clone copies the whole table (dup_fd) and the execve then closes every close-on-exec fd in the copy
 * (do_close_on_exec): with 1000 supervised processes that is ~5000 fds per spawn, O(n^2) per bring-up.
 * Here the sources of dups are first dup3'd into the reserved slots (low fds the daemon holds open on
 * /dev/null, all below keep_below), the child is cloned with CLONE_FILES (it shares the table, nothing is
 * copied), and its first system call is close_range(keep_below, ~0U, CLOSE_RANGE_UNSHARE): the kernel
 * gives it a private table holding only the fds below keep_below (Linux 5.9). Then the slots are copied
 * above every target and dup3'd onto the targets, and the helper is exec'd from a table of a few dozen fds.
 * The parent puts /dev/null back into the slots before returning, so no pipe end stays open in them (EOF of
 * a child's output depends on it). cgroup_fd < 0: no CLONE_INTO_CGROUP. failed_step tells where a
 * negative result came from (STEP_*): the caller turns the fast path off for good when clone3 or
 * close_range are not supported (ENOSYS, EINVAL) and takes the copying path.
 *
 * Build: cc -O2 -shared -fPIC -fno-stack-protector -Wall -Wextra -Werror (see supervisord/pom.xml).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define CHILD_STACK_BYTES (64 * 1024)
#define JSUPER_CLONE_VM 0x00000100ULL
#define JSUPER_CLONE_FILES 0x00000400ULL
#define JSUPER_CLONE_VFORK 0x00004000ULL
#define JSUPER_CLONE_INTO_CGROUP 0x200000000ULL
#define JSUPER_CLOSE_RANGE_UNSHARE 2
/* The helper's highest fixed target is its status fd 99 (STATUS_FD in jsuper_spawn.c): sources are moved to
 * 100 and up before any dup3 onto a target, so that no target can overwrite a source not yet copied. */
#define ABOVE_EVERY_TARGET 100
/* stdout, stderr, status, stdin and up to 64 listening sockets (MAX_LISTEN_FDS in jsuper_spawn.c). */
#define MAX_DUPS 68

/* Where a negative result of jsuper_spawn_sharing_fds came from. */
#define STEP_SLOTS 1   /* dup3 of a source into its slot, in the parent */
#define STEP_CLONE 2   /* clone3 itself */
#define STEP_UNSHARE 3 /* close_range(CLOSE_RANGE_UNSHARE) in the child: the table is still the daemon's */
#define STEP_FDS 4     /* the child's dup3/fcntl set-up */
#define STEP_EXEC 5    /* execve of the helper */

/* struct clone_args of Linux 5.7 (CLONE_ARGS_SIZE_VER2), spelled out so old headers do not matter. */
struct jsuper_clone_args {
    uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls, set_tid, set_tid_size,
            cgroup;
};

struct spawn_job {
    const char *path;
    char *const *argv;
    char *const *envp;
    const int *dups;
    int ndups;
    int devnull_stdin;
    int keep_below;     /* > 0: the child shares the daemon's table (CLONE_FILES) and unshares fds below this */
    volatile int err;   /* written by the child (shared memory), read by the parent after the vfork wait */
    volatile int step;  /* STEP_* of err */
};

#if defined(__x86_64__)
#define NR_clone3 435
#define NR_close_range 436
#define NR_dup3 292
#define NR_fcntl 72
#define NR_openat 257
#define NR_close 3
#define NR_execve 59
#define NR_exit_group 231

static long sys4(long nr, long a1, long a2, long a3, long a4) {
    register long r10 __asm__("r10") = a4;
    long ret;
    __asm__ volatile("syscall" : "=a"(ret) : "a"(nr), "D"(a1), "S"(a2), "d"(a3), "r"(r10) : "rcx", "r11", "memory");
    return ret;
}
#elif defined(__aarch64__)
#define NR_clone3 435
#define NR_close_range 436
#define NR_dup3 24
#define NR_fcntl 25
#define NR_openat 56
#define NR_close 57
#define NR_execve 221
#define NR_exit_group 94

static long sys4(long nr, long a1, long a2, long a3, long a4) {
    register long x8 __asm__("x8") = nr;
    register long x0 __asm__("x0") = a1;
    register long x1 __asm__("x1") = a2;
    register long x2 __asm__("x2") = a3;
    register long x3 __asm__("x3") = a4;
    __asm__ volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2), "r"(x3) : "memory");
    return x0;
}
#endif

#if defined(__x86_64__) || defined(__aarch64__)

static void __attribute__((noreturn)) child_fails(struct spawn_job *job, int step, long rc) {
    job->step = step;
    job->err = (int) -rc;
    for (;;) {
        sys4(NR_exit_group, 127, 0, 0, 0);
    }
}

/*
 * In a child that shares the daemon's table: make it private (only the fds below keep_below come along),
 * then copy every source above every target, so the dup3s onto the targets cannot overwrite a source.
 * The copies and the slots are close-on-exec: the exec of the helper closes them in a table of a few
 * dozen fds. Leaves the copies' numbers in moved.
 */
static void unshare_and_lift(struct spawn_job *job, int *moved) {
    long rc = sys4(NR_close_range, job->keep_below, (long) ~0U, JSUPER_CLOSE_RANGE_UNSHARE, 0);
    if (rc < 0) {
        child_fails(job, STEP_UNSHARE, rc); /* nothing was changed: the table is still the daemon's */
    }
    for (int i = 0; i < job->ndups; i++) {
        rc = sys4(NR_fcntl, job->dups[2 * i], F_DUPFD_CLOEXEC, ABOVE_EVERY_TARGET, 0);
        if (rc < 0) {
            child_fails(job, STEP_FDS, rc);
        }
        moved[i] = (int) rc;
    }
}

/* The child, on its own stack, sharing the parent's memory until execve: raw system calls only. */
__attribute__((noinline, noreturn, used)) void jsuper_clone_child(struct spawn_job *job) {
    int moved[MAX_DUPS];
    long rc = 0;
    if (job->keep_below > 0) {
        unshare_and_lift(job, moved); /* first: until then every fd change would be the daemon's */
    }
    if (job->devnull_stdin) {
        rc = sys4(NR_openat, AT_FDCWD, (long) "/dev/null", O_RDONLY, 0);
        if (rc > 0) {
            long fd = rc;
            rc = sys4(NR_dup3, fd, 0, 0, 0);
            sys4(NR_close, fd, 0, 0, 0);
        }
    }
    for (int i = 0; rc >= 0 && i < job->ndups; i++) {
        int from = job->keep_below > 0 ? moved[i] : job->dups[2 * i], to = job->dups[2 * i + 1];
        rc = from == to ? sys4(NR_fcntl, from, F_SETFD, 0, 0) : sys4(NR_dup3, from, to, 0, 0);
    }
    if (rc < 0) {
        child_fails(job, STEP_FDS, rc);
    }
    child_fails(job, STEP_EXEC, sys4(NR_execve, (long) job->path, (long) job->argv, (long) job->envp, 0));
}

/*
 * clone3 on a new stack. The child starts at the instruction after the system call with the stack
 * pointer at the top of its stack and every other register as the parent's, so the asm itself calls
 * jsuper_clone_child(job) there, before any compiler-generated code could touch the (now foreign) frame.
 */
static long clone3_run_child(struct jsuper_clone_args *args, struct spawn_job *job) {
#if defined(__x86_64__)
    register long r12 __asm__("r12") = (long) job;
    long ret;
    __asm__ volatile("syscall\n\t"
                     "test %%rax, %%rax\n\t"
                     "jnz 1f\n\t"
                     "mov %%r12, %%rdi\n\t"
                     "call jsuper_clone_child\n\t"
                     "hlt\n"
                     "1:"
                     : "=a"(ret)
                     : "a"((long) NR_clone3), "D"(args), "S"(sizeof *args), "r"(r12)
                     : "rcx", "r11", "rdx", "memory");
    return ret;
#else
    register long x8 __asm__("x8") = NR_clone3;
    register long x0 __asm__("x0") = (long) args;
    register long x1 __asm__("x1") = sizeof *args;
    register long x19 __asm__("x19") = (long) job;
    __asm__ volatile("svc #0\n\t"
                     "cbnz x0, 1f\n\t"
                     "mov x0, x19\n\t"
                     "bl jsuper_clone_child\n\t"
                     "brk #0\n"
                     "1:"
                     : "+r"(x0)
                     : "r"(x8), "r"(x1), "r"(x19)
                     : "x30", "memory");
    return x0;
#endif
}

/* Clones (CLONE_VM | CLONE_VFORK, plus extra_flags) and returns when the child has exec'd or failed. */
static int run_clone(struct spawn_job *job, uint64_t extra_flags, int cgroup_fd) {
    char *stack = malloc(CHILD_STACK_BYTES);
    if (stack == NULL) {
        job->step = STEP_CLONE;
        return -ENOMEM;
    }
    struct jsuper_clone_args args;
    memset(&args, 0, sizeof args);
    args.flags = JSUPER_CLONE_VM | JSUPER_CLONE_VFORK | extra_flags;
    args.exit_signal = SIGCHLD;
    args.stack = (uint64_t) (uintptr_t) stack;
    args.stack_size = CHILD_STACK_BYTES;
    if (cgroup_fd >= 0) {
        args.flags |= JSUPER_CLONE_INTO_CGROUP;
        args.cgroup = (uint64_t) cgroup_fd;
    }

    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    long pid = clone3_run_child(&args, job); /* returns when the child has exec'd or exited (CLONE_VFORK) */
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    free(stack);
    if (pid < 0) {
        job->step = STEP_CLONE;
        return (int) pid;
    }
    if (job->err != 0) {
        int status;
        while (waitpid((pid_t) pid, &status, __WALL) < 0 && errno == EINTR) {
        }
        return -job->err;
    }
    return (int) pid;
}

int jsuper_spawn_into_cgroup(const char *path, char *const argv[], char *const envp[], int cgroup_fd,
                             const int *dups, int ndups, int devnull_stdin) {
    struct spawn_job job = { path, argv, envp, dups, ndups, devnull_stdin, 0, 0, 0 };
    return run_clone(&job, 0, cgroup_fd);
}

int jsuper_spawn_sharing_fds(const char *path, char *const argv[], char *const envp[], int cgroup_fd,
                             const int *dups, int ndups, const int *slots, int devnull, int keep_below,
                             int devnull_stdin, int *failed_step) {
    if (ndups < 0 || ndups > MAX_DUPS || keep_below <= 0) {
        *failed_step = STEP_SLOTS;
        return -EINVAL;
    }
    int pairs[2 * MAX_DUPS];
    int placed = 0, rc = 0;
    for (; placed < ndups; placed++) {
        if (dup3(dups[2 * placed], slots[placed], O_CLOEXEC) < 0) {
            rc = -errno;
            break;
        }
        pairs[2 * placed] = slots[placed];
        pairs[2 * placed + 1] = dups[2 * placed + 1];
    }
    struct spawn_job job = { path, argv, envp, pairs, ndups, devnull_stdin, keep_below, 0, 0 };
    if (rc == 0) {
        rc = run_clone(&job, JSUPER_CLONE_FILES, cgroup_fd);
    } else {
        job.step = STEP_SLOTS;
    }
    for (int i = 0; i < placed; i++) { /* a pipe end left in a slot would hide the child's EOF from the daemon */
        dup3(devnull, slots[i], O_CLOEXEC);
    }
    *failed_step = rc < 0 ? job.step : 0;
    return rc;
}

#else

int jsuper_spawn_into_cgroup(const char *path, char *const argv[], char *const envp[], int cgroup_fd,
                             const int *dups, int ndups, int devnull_stdin) {
    (void) path; (void) argv; (void) envp; (void) cgroup_fd; (void) dups; (void) ndups; (void) devnull_stdin;
    return -ENOSYS;
}

int jsuper_spawn_sharing_fds(const char *path, char *const argv[], char *const envp[], int cgroup_fd,
                             const int *dups, int ndups, const int *slots, int devnull, int keep_below,
                             int devnull_stdin, int *failed_step) {
    (void) path; (void) argv; (void) envp; (void) cgroup_fd; (void) dups; (void) ndups; (void) slots;
    (void) devnull; (void) keep_below; (void) devnull_stdin;
    *failed_step = STEP_CLONE;
    return -ENOSYS;
}

#endif
