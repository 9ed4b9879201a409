#ifndef CPTY_H
#define CPTY_H
#include <sys/types.h>
#include "ctemporaries.h"

// Starts `path` (searched in PATH when it has no slash) with `argv`/`envp` on a new pseudo-terminal that becomes its
// controlling terminal (own session and process group). On success returns 0,
// stores the master fd (non-blocking, close-on-exec) and the child's pid.
// On failure returns an errno value and leaves nothing open.
int cpty_spawn(const char *path, char *const argv[], char *const envp[],
               const char *directory, unsigned short rows, unsigned short cols,
               int *master_out, pid_t *pid_out);

// Sets the window size; the foreground process group gets SIGWINCH.
int cpty_resize(int master, unsigned short rows, unsigned short cols);

#endif
