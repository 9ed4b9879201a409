#define _GNU_SOURCE
#include "cpty.h"
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
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

    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attributes;
    posix_spawn_file_actions_init(&actions);
    posix_spawnattr_init(&attributes);
    // glibc runs setsid before the file actions, so opening the slave
    // without O_NOCTTY makes it the new session's controlling terminal.
    posix_spawn_file_actions_addopen(&actions, 0, slave_path, O_RDWR, 0);
    posix_spawn_file_actions_adddup2(&actions, 0, 1);
    posix_spawn_file_actions_adddup2(&actions, 0, 2);
    if (directory != NULL) posix_spawn_file_actions_addchdir_np(&actions, directory);
    sigset_t empty, all;
    sigemptyset(&empty);
    sigfillset(&all);
    posix_spawnattr_setsigmask(&attributes, &empty);
    posix_spawnattr_setsigdefault(&attributes, &all);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    pid_t pid = 0;
    err = posix_spawnp(&pid, path, &actions, &attributes, argv, envp);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
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
