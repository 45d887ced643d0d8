package io.jsuper.jsuperd.os.jna;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;

import java.util.Map;

/**
 * Every native signature jsuper uses, in one place (glibc, Linux x86_64/aarch64, LP64: size_t and
 * ssize_t are Java {@code long}). Functions that fail set errno: read it with {@link #errno()}.
 */
public interface LibC extends Library {

    LibC INSTANCE = Native.load("c", LibC.class, Map.of(Library.OPTION_STRING_ENCODING, "UTF-8"));

    // errno values
    int EINTR = 4;
    int ECHILD = 10;
    int EAGAIN = 11;
    int ESRCH = 3;
    int ERANGE = 34;

    // open / fcntl
    int O_RDONLY = 0;
    int O_NONBLOCK = 0x800;
    int O_CLOEXEC = 0x80000;
    int F_GETFL = 3;
    int F_SETFL = 4;
    int F_SETPIPE_SZ = 1031;
    int F_DUPFD_CLOEXEC = 1030;

    // posix_spawn
    short POSIX_SPAWN_SETSIGDEF = 0x04;
    short POSIX_SPAWN_SETSIGMASK = 0x08;
    /** glibc's posix_spawnattr_t is 336 bytes, posix_spawn_file_actions_t 80, sigset_t 128: room to spare. */
    int OPAQUE_SIZE = 1024;

    // sockets
    int AF_UNIX = 1;
    int AF_INET = 2;
    int AF_INET6 = 10;
    int SOCK_STREAM = 1;
    int SOCK_DGRAM = 2;
    int SOCK_NONBLOCK = 0x800;
    int SOCK_CLOEXEC = 0x80000;
    int SOL_SOCKET = 1;
    int SO_REUSEADDR = 2;
    int SO_BINDTODEVICE = 25;
    int SO_REUSEPORT = 15;
    int IPPROTO_IPV6 = 41;
    int IPV6_V6ONLY = 26;

    // prctl
    int PR_SET_CHILD_SUBREAPER = 36;

    // wait
    int P_ALL = 0;
    int P_PID = 1;
    int WNOHANG = 1;
    int WEXITED = 4;
    int WNOWAIT = 0x01000000;
    int CLD_EXITED = 1;
    int CLD_KILLED = 2;
    int CLD_DUMPED = 3;
    int SIGINFO_SIZE = 128;
    int SIGINFO_CODE = 8;
    int SIGINFO_PID = 16;
    int SIGINFO_STATUS = 24;

    // epoll / eventfd
    int EPOLL_CLOEXEC = 0x80000;
    int EPOLL_CTL_ADD = 1;
    int EPOLL_CTL_DEL = 2;
    int EPOLLIN = 0x001;
    int EPOLLERR = 0x008;
    int EPOLLHUP = 0x010;
    /** struct epoll_event is packed on x86_64 (uint32 events, uint64 data at 4), naturally aligned elsewhere. */
    int EPOLL_EVENT_SIZE = Platform.isIntel() ? 12 : 16;
    int EPOLL_EVENT_DATA = Platform.isIntel() ? 4 : 8;
    int EFD_CLOEXEC = 0x80000;
    int EFD_NONBLOCK = 0x800;

    // struct passwd / struct group offsets (LP64)
    int PASSWD_SIZE = 48;
    int PW_NAME = 0;
    int PW_UID = 16;
    int PW_GID = 20;
    int PW_DIR = 32;
    int PW_SHELL = 40;
    int GROUP_SIZE = 32;
    int GR_NAME = 0;
    int GR_GID = 16;

    int pipe2(int[] fds, int flags);

    int socket(int domain, int type, int protocol);

    int bind(int fd, Pointer addr, int addrlen);

    int listen(int fd, int backlog);

    int setsockopt(int fd, int level, int name, Pointer value, int len);

    int getsockname(int fd, Pointer addr, IntByReference addrlen);

    int open(String path, int flags);

    int close(int fd);

    int fcntl(int fd, int cmd, int arg);

    int F_SETFD = 2;
    int FD_CLOEXEC = 1;

    /** Sets a variable in the C environment execv passes on (Java's System.getenv is a read-only copy). */
    int setenv(String name, String value, int overwrite);

    /** Replaces this process's program (daemon restart); returns only on failure. JNA ends the array with NULL. */
    int execv(String path, String[] argv);

    /** signal(2): here only to set SIG_DFL (a null handler) on a signal the daemon inherited as ignored. */
    Pointer signal(int signum, Pointer handler);

    long read(int fd, Pointer buf, long count);

    long write(int fd, Pointer buf, long count);

    int kill(int pid, int sig);

    int geteuid();

    int prctl(int option, long arg2, long arg3, long arg4, long arg5);

    String strerror(int errnum);

    int posix_spawn(IntByReference pid, String path, Pointer fileActions, Pointer attr, String[] argv, String[] envp);

    int posix_spawnattr_init(Pointer attr);

    int posix_spawnattr_destroy(Pointer attr);

    int posix_spawnattr_setflags(Pointer attr, short flags);

    int posix_spawnattr_setsigmask(Pointer attr, Pointer sigset);

    int posix_spawnattr_setsigdefault(Pointer attr, Pointer sigset);

    int posix_spawn_file_actions_init(Pointer actions);

    int posix_spawn_file_actions_destroy(Pointer actions);

    int posix_spawn_file_actions_addopen(Pointer actions, int fd, String path, int oflag, int mode);

    int posix_spawn_file_actions_adddup2(Pointer actions, int fd, int newfd);

    int sigemptyset(Pointer set);

    int sigfillset(Pointer set);

    int waitid(int idtype, int id, Pointer siginfo, int options);

    int waitpid(int pid, IntByReference status, int options);

    int epoll_create1(int flags);

    int epoll_ctl(int epfd, int op, int fd, Pointer event);

    int epoll_wait(int epfd, Pointer events, int maxevents, int timeout);

    int eventfd(int initval, int flags);

    int getpwnam_r(String name, Pointer pwd, Pointer buf, long buflen, PointerByReference result);

    int getpwuid_r(int uid, Pointer pwd, Pointer buf, long buflen, PointerByReference result);

    int getgrnam_r(String name, Pointer grp, Pointer buf, long buflen, PointerByReference result);

    int getgrgid_r(int gid, Pointer grp, Pointer buf, long buflen, PointerByReference result);

    int getgrouplist(String user, int group, int[] groups, IntByReference ngroups);

    /** errno of the last native call made by this thread through JNA. */
    static int errno() {
        return Native.getLastError();
    }

    /** "No such file or directory" for ENOENT. */
    static String describe(int errnum) {
        return INSTANCE.strerror(errnum);
    }

    /** A zeroed block for an opaque C struct. */
    static Memory opaque() {
        Memory m = new Memory(OPAQUE_SIZE);
        m.clear();
        return m;
    }
}
