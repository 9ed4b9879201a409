#define _GNU_SOURCE
#include "cpty.h"
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <termios.h>
#include <unistd.h>

int cpty_resize(int master, unsigned short rows, unsigned short cols) {
    struct winsize size = { .ws_row = rows, .ws_col = cols };
    return ioctl(master, TIOCSWINSZ, &size) == 0 ? 0 : errno;
}

int cpty_spawn(const char *path, char *const argv[], char *const envp[],
               const char *directory, unsigned short rows, unsigned short cols,
               int *master_out, pid_t *pid_out) {
    int master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (master < 0) return errno;
    char slave_path[128];
    int err = 0;
    if (grantpt(master) != 0 || unlockpt(master) != 0) { err = errno; goto fail; }
    if ((err = ptsname_r(master, slave_path, sizeof slave_path)) != 0) goto fail;
    cpty_resize(master, rows, cols);

    // The parent holds the slave open only long enough to set its modes:
    // output processing off (ONLCR would inflate every line and cost most of
    // the throughput), signals on so ^C written to the master interrupts.
    int slave = open(slave_path, O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (slave < 0) { err = errno; goto fail; }
    struct termios modes;
    if (tcgetattr(slave, &modes) == 0) {
        modes.c_oflag &= ~OPOST;
        modes.c_lflag |= ISIG;
        tcsetattr(slave, TCSANOW, &modes);
    }

    // fork and exec rather than posix_spawn: the child must ask to be
    // killed when the wizard dies (PR_SET_PDEATHSIG), which posix_spawn
    // cannot. A session leader that dies hangs up its terminal, and the
    // kernel then sends SIGHUP to the command's foreground group: nothing
    // the wizard started runs on unnoticed after a kill -9. Between fork
    // and exec only async-signal-safe calls; exec's errno comes back
    // through a close-on-exec pipe.
    int report[2];
    if (pipe2(report, O_CLOEXEC) != 0) { err = errno; close(slave); goto fail; }
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid == 0) {
        close(report[0]);
        struct sigaction plain;
        memset(&plain, 0, sizeof plain);
        plain.sa_handler = SIG_DFL;
        for (int sig = 1; sig < NSIG; sig++) sigaction(sig, &plain, NULL);
        setsid();
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        // The wizard may have died before the line above took effect.
        if (getppid() != parent) _exit(127);
        // Opened without O_NOCTTY by a session leader: the controlling terminal.
        int fd = open(slave_path, O_RDWR);
        if (fd < 0) goto child_fail;
        dup2(fd, 0);
        dup2(fd, 1);
        dup2(fd, 2);
        if (fd > 2) close(fd);
        if (directory != NULL && chdir(directory) != 0) goto child_fail;
        sigset_t empty;
        sigemptyset(&empty);
        sigprocmask(SIG_SETMASK, &empty, NULL);
        execve(path, argv, envp);
    child_fail:;
        int code = errno;
        (void)!write(report[1], &code, sizeof code);
        _exit(127);
    }
    close(report[1]);
    if (pid < 0) {
        err = errno;
        close(report[0]);
        close(slave);
        goto fail;
    }
    int code = 0;
    ssize_t got;
    do { got = read(report[0], &code, sizeof code); } while (got < 0 && errno == EINTR);
    close(report[0]);
    if (got == (ssize_t)sizeof code) {
        int status;
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
        err = code;
    }
    // Closed here so that end of output (EIO) depends on the child alone.
    close(slave);
    if (err != 0) goto fail;

    int flags = fcntl(master, F_GETFL);
    fcntl(master, F_SETFL, flags | O_NONBLOCK);
    *master_out = master;
    *pid_out = pid;
    return 0;
fail:
    close(master);
    return err;
}
