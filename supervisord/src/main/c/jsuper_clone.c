/*
 * libjsuper-clone: start the spawn helper directly inside a cgroup v2 (clone3 with CLONE_INTO_CGROUP).
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

#define CHILD_STACK_BYTES (64 * 1024)
#define JSUPER_CLONE_VM 0x00000100ULL
#define JSUPER_CLONE_VFORK 0x00004000ULL
#define JSUPER_CLONE_INTO_CGROUP 0x200000000ULL

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
    volatile int err; /* written by the child (shared memory), read by the parent after the vfork wait */
};

#if defined(__x86_64__)
#define NR_clone3 435
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

/* The child, on its own stack, sharing the parent's memory until execve: raw system calls only. */
__attribute__((noinline, noreturn, used)) void jsuper_clone_child(struct spawn_job *job) {
    long rc = 0;
    if (job->devnull_stdin) {
        rc = sys4(NR_openat, AT_FDCWD, (long) "/dev/null", O_RDONLY, 0);
        if (rc > 0) {
            long fd = rc;
            rc = sys4(NR_dup3, fd, 0, 0, 0);
            sys4(NR_close, fd, 0, 0, 0);
        }
    }
    for (int i = 0; rc >= 0 && i < job->ndups; i++) {
        int from = job->dups[2 * i], to = job->dups[2 * i + 1];
        rc = from == to ? sys4(NR_fcntl, from, F_SETFD, 0, 0) : sys4(NR_dup3, from, to, 0, 0);
    }
    if (rc >= 0) {
        rc = sys4(NR_execve, (long) job->path, (long) job->argv, (long) job->envp, 0);
    }
    job->err = (int) -rc;
    for (;;) {
        sys4(NR_exit_group, 127, 0, 0, 0);
    }
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

int jsuper_spawn_into_cgroup(const char *path, char *const argv[], char *const envp[], int cgroup_fd,
                             const int *dups, int ndups, int devnull_stdin) {
    struct spawn_job job = { path, argv, envp, dups, ndups, devnull_stdin, 0 };
    char *stack = malloc(CHILD_STACK_BYTES);
    if (stack == NULL) {
        return -ENOMEM;
    }
    struct jsuper_clone_args args;
    memset(&args, 0, sizeof args);
    args.flags = JSUPER_CLONE_VM | JSUPER_CLONE_VFORK | JSUPER_CLONE_INTO_CGROUP;
    args.exit_signal = SIGCHLD;
    args.stack = (uint64_t) (uintptr_t) stack;
    args.stack_size = CHILD_STACK_BYTES;
    args.cgroup = (uint64_t) cgroup_fd;

    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    long pid = clone3_run_child(&args, &job); /* returns when the child has exec'd or exited (CLONE_VFORK) */
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    free(stack);
    if (pid < 0) {
        return (int) pid;
    }
    if (job.err != 0) {
        int status;
        while (waitpid((pid_t) pid, &status, __WALL) < 0 && errno == EINTR) {
        }
        return -job.err;
    }
    return (int) pid;
}

#else

int jsuper_spawn_into_cgroup(const char *path, char *const argv[], char *const envp[], int cgroup_fd,
                             const int *dups, int ndups, int devnull_stdin) {
    (void) path; (void) argv; (void) envp; (void) cgroup_fd; (void) dups; (void) ndups; (void) devnull_stdin;
    return -ENOSYS;
}

#endif
