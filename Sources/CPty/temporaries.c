#define _GNU_SOURCE
#include "ctemporaries.h"
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

// Few commands run at once; a fixed table needs no allocation, which a
// signal handler could not do.
#define SLOTS 16
#define PATH_LIMIT 256

static char files[SLOTS][PATH_LIMIT];
static char directories[SLOTS][PATH_LIMIT];
static volatile sig_atomic_t in_use[SLOTS];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t at_exit_once = PTHREAD_ONCE_INIT;

static void register_at_exit(void) { atexit(cpty_remove_temporaries); }

int cpty_track_temporary(const char *file, const char *directory) {
    if (strlen(file) >= PATH_LIMIT || strlen(directory) >= PATH_LIMIT) return -1;
    pthread_once(&at_exit_once, register_at_exit);
    pthread_mutex_lock(&lock);
    int slot = -1;
    for (int i = 0; i < SLOTS; i++) {
        if (!in_use[i]) { slot = i; break; }
    }
    if (slot >= 0) {
        strcpy(files[slot], file);
        strcpy(directories[slot], directory);
        // The paths are complete before a handler can see the slot.
        __atomic_store_n(&in_use[slot], 1, __ATOMIC_SEQ_CST);
    }
    pthread_mutex_unlock(&lock);
    return slot;
}

void cpty_untrack_temporary(int slot) {
    if (slot < 0 || slot >= SLOTS) return;
    pthread_mutex_lock(&lock);
    __atomic_store_n(&in_use[slot], 0, __ATOMIC_SEQ_CST);
    pthread_mutex_unlock(&lock);
}

void cpty_remove_temporaries(void) {
    for (int i = 0; i < SLOTS; i++) {
        if (!__atomic_load_n(&in_use[i], __ATOMIC_SEQ_CST)) continue;
        unlink(files[i]);
        rmdir(directories[i]);
        in_use[i] = 0;
    }
}

static void on_quit_signal(int sig) {
    cpty_remove_temporaries();
    signal(sig, SIG_DFL);
    raise(sig);
}

void cpty_remove_temporaries_on_quit_signals(void) {
    static const int quit_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
    for (size_t i = 0; i < sizeof quit_signals / sizeof quit_signals[0]; i++) {
        struct sigaction previous;
        // A signal the parent set to be ignored stays ignored (nohup).
        if (sigaction(quit_signals[i], NULL, &previous) == 0 && previous.sa_handler == SIG_IGN) continue;
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_quit_signal;
        sigemptyset(&sa.sa_mask);
        sigaction(quit_signals[i], &sa, NULL);
    }
}
