// System calls that glibc's Swift module does not show. Header only: nothing to link.
#include <errno.h>
#include <fcntl.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

/// pidfd_open(2): a descriptor that becomes readable when process `pid` exits (Linux 5.3 and
/// later), so waiting for a child is one poll() beside its pipes. -1 with errno set otherwise.
static inline int campaignchat_pidfd_open(pid_t pid) {
#ifdef SYS_pidfd_open
    return (int)syscall(SYS_pidfd_open, pid, 0);
#else
    errno = ENOSYS;
    return -1;
#endif
}

/// pipe2(2) with O_CLOEXEC: a pipe no other thread's spawn can inherit between creation and fcntl.
/// (Through syscall(2): declaring pipe2 needs _GNU_SOURCE, which would split this module's
/// view of the C library from Swift's Glibc module.)
static inline int campaignchat_pipe_cloexec(int descriptors[2]) {
    return (int)syscall(SYS_pipe2, descriptors, O_CLOEXEC);
}

#include <signal.h>
#include <sys/signalfd.h>

/// signalfd(2): the signals in `mask` (which the caller blocks) as a readable descriptor, so a
/// follower can wait for a change and for Ctrl-C or SIGTERM in one poll(), with no handler.
static inline int campaignchat_signalfd(const sigset_t *mask) {
    return signalfd(-1, mask, SFD_CLOEXEC | SFD_NONBLOCK);
}
