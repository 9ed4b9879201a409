#ifndef CTEMPORARIES_H
#define CTEMPORARIES_H

// Temporary password files, registered while they exist so that they are
// removed however the process ends: at exit (an atexit handler), on
// SIGINT, SIGTERM, SIGHUP and SIGQUIT where nothing else handles them, and
// from a crash handler that calls cpty_remove_temporaries.

// Registers a file and the directory holding it; returns a slot for
// cpty_untrack_temporary, or -1 when all slots are taken.
int cpty_track_temporary(const char *file, const char *directory);
void cpty_untrack_temporary(int slot);

// Unlinks every registered file and removes its directory. Only
// async-signal-safe calls: usable from a signal handler.
void cpty_remove_temporaries(void);

// For processes without a handler of their own (run, plan, lab): on those
// four signals remove the files, then die of the signal as before.
void cpty_remove_temporaries_on_quit_signals(void);

#endif
