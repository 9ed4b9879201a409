#ifndef CNCURSES_SHIM_H
#define CNCURSES_SHIM_H

// Without this, SwiftPM's dropped ncurses cflags leave the wide-character
// API (get_wch, add_wch, cchar_t) invisible.
#define NCURSES_WIDECHAR 1
#include <ncursesw/curses.h>
#include <wchar.h>

// Globals and macros that Swift 6 cannot import or rejects as shared state.
WINDOW *sw_stdscr(void);
// newterm on the process's stdout/stdin; NULL (not exit) on an unknown TERM.
SCREEN *sw_newterm_stdio(void);
int sw_lines(void);
int sw_cols(void);

// Attributes (bit macros in curses.h).
unsigned int sw_attr_normal(void);
unsigned int sw_attr_bold(void);
unsigned int sw_attr_reverse(void);
unsigned int sw_attr_underline(void);
unsigned int sw_attr_dim(void);

// Line-drawing characters: the ACS table is filled by initscr, so these
// must be read at draw time, not cached before.
chtype sw_acs_hline(void);
chtype sw_acs_vline(void);
chtype sw_acs_ulcorner(void);
chtype sw_acs_urcorner(void);
chtype sw_acs_llcorner(void);
chtype sw_acs_lrcorner(void);
chtype sw_acs_ttee(void);
chtype sw_acs_btee(void);
chtype sw_acs_ltee(void);
chtype sw_acs_rtee(void);

int sw_key_f(int n);

// Draw one Unicode scalar with attributes and colour pair at the cursor.
int sw_add_wchar(int y, int x, wchar_t ch, unsigned int attrs, short pair);

// Returns the key (KEY_CODE_YES) or character (OK) read, ERR on timeout.
int sw_get_wch(wint_t *out);

int sw_codeset_is_utf8(void);
int sw_wcwidth(wchar_t ch);

// Signals. SIGINT, SIGTERM and SIGHUP set a flag the main loop polls (and
// interrupt a blocking read); SIGWINCH is left alone so ncurses installs its
// own handler and delivers KEY_RESIZE.
void sw_install_quit_signals(void);
int sw_take_quit_signal(void);

// Crash guard: on SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT and SIGTRAP the
// handler restores the saved terminal modes and writes the reset sequences,
// writes a crash report of its own to stderr (signal, binary, backtrace),
// then hands the signal to whatever handler was there before (Swift's
// backtracer, which adds its own report where it can run).
void sw_save_terminal_state(int fd);
void sw_install_crash_guard(void);
void sw_restore_terminal_now(void);
// A line written to the terminal after a crash, e.g. where the report went.
void sw_set_crash_note(const char *note);
// Called first thing in the crash handler (async-signal-safe work only):
// removes temporary password files.
void sw_set_crash_cleanup(void (*cleanup)(void));
// Writes through a null pointer. Only STANDBY_WIZARD_CRASH_TEST reaches it.
void sw_crash_for_test(void);

// Sends stderr to `path` (created 0600) while curses owns the screen, so
// messages and crash reports are kept instead of smearing the display.
// Returns a descriptor of the old stderr for sw_restore_stderr, or -1.
int sw_redirect_stderr(const char *path);
void sw_restore_stderr(int saved);

#endif
