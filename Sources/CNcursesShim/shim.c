#define _GNU_SOURCE
#include "cncurses_shim.h"

#include <langinfo.h>
#include <signal.h>
#include <string.h>
#include <termios.h>
#include <execinfo.h>
#include <stdint.h>
#include <unwind.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

WINDOW *sw_stdscr(void) { return stdscr; }
SCREEN *sw_newterm_stdio(void) { return newterm(NULL, stdout, stdin); }
int sw_lines(void) { return LINES; }
int sw_cols(void) { return COLS; }

unsigned int sw_attr_normal(void) { return A_NORMAL; }
unsigned int sw_attr_bold(void) { return A_BOLD; }
unsigned int sw_attr_reverse(void) { return A_REVERSE; }
unsigned int sw_attr_underline(void) { return A_UNDERLINE; }
unsigned int sw_attr_dim(void) { return A_DIM; }

chtype sw_acs_hline(void) { return ACS_HLINE; }
chtype sw_acs_vline(void) { return ACS_VLINE; }
chtype sw_acs_ulcorner(void) { return ACS_ULCORNER; }
chtype sw_acs_urcorner(void) { return ACS_URCORNER; }
chtype sw_acs_llcorner(void) { return ACS_LLCORNER; }
chtype sw_acs_lrcorner(void) { return ACS_LRCORNER; }
chtype sw_acs_ttee(void) { return ACS_TTEE; }
chtype sw_acs_btee(void) { return ACS_BTEE; }
chtype sw_acs_ltee(void) { return ACS_LTEE; }
chtype sw_acs_rtee(void) { return ACS_RTEE; }

int sw_key_f(int n) { return KEY_F(n); }

int sw_add_wchar(int y, int x, wchar_t ch, unsigned int attrs, short pair) {
    cchar_t cc;
    wchar_t text[2] = { ch, L'\0' };
    if (setcchar(&cc, text, (attr_t)attrs, pair, NULL) == ERR) return ERR;
    return mvadd_wch(y, x, &cc);
}

int sw_get_wch(wint_t *out) { return get_wch(out); }

int sw_codeset_is_utf8(void) {
    const char *codeset = nl_langinfo(CODESET);
    return codeset != NULL && (strcmp(codeset, "UTF-8") == 0 || strcmp(codeset, "utf8") == 0);
}

int sw_wcwidth(wchar_t ch) { return wcwidth(ch); }

static volatile sig_atomic_t quit_signal = 0;

static void on_quit_signal(int sig) { quit_signal = sig; }

void sw_install_quit_signals(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_quit_signal;
    sigemptyset(&sa.sa_mask);
    // No SA_RESTART: a blocking get_wch must return so the loop sees the flag.
    sa.sa_flags = 0;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    // A parent may hand us a blocked mask (test runners, some job
    // launchers); a blocked SIGINT would make Ctrl-C do nothing at all.
    sigset_t wanted;
    sigemptyset(&wanted);
    sigaddset(&wanted, SIGINT);
    sigaddset(&wanted, SIGTERM);
    sigaddset(&wanted, SIGHUP);
    sigaddset(&wanted, SIGWINCH);
    sigprocmask(SIG_UNBLOCK, &wanted, NULL);
}

int sw_take_quit_signal(void) {
    int sig = quit_signal;
    quit_signal = 0;
    return sig;
}

static struct termios saved_termios;
static int saved_fd = -1;
static struct sigaction previous[32];
static const int crash_signals[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP };

void sw_save_terminal_state(int fd) {
    if (tcgetattr(fd, &saved_termios) == 0) saved_fd = fd;
}

static char crash_note[512];

void sw_set_crash_note(const char *note) {
    snprintf(crash_note, sizeof crash_note, "%s", note ? note : "");
}

int sw_redirect_stderr(const char *path) {
    int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (fd < 0) return -1;
    fflush(stderr);
    int saved = dup(STDERR_FILENO);
    if (saved < 0 || dup2(fd, STDERR_FILENO) < 0) {
        close(fd);
        if (saved >= 0) close(saved);
        return -1;
    }
    close(fd);
    return saved;
}

void sw_restore_stderr(int saved) {
    if (saved < 0) return;
    fflush(stderr);
    dup2(saved, STDERR_FILENO);
    close(saved);
}

// Only async-signal-safe calls: tcsetattr and write.
void sw_restore_terminal_now(void) {
    // Leave the alternate screen, show the cursor, reset attributes.
    static const char reset[] = "\033[?1049l\033[?25h\033[0m\r\n";
    if (saved_fd >= 0) {
        tcsetattr(saved_fd, TCSANOW, &saved_termios);
        ssize_t ignored = write(saved_fd, reset, sizeof reset - 1);
        if (crash_note[0]) ignored = write(saved_fd, crash_note, strlen(crash_note));
        (void)ignored;
    }
}

static void (*crash_cleanup)(void) = NULL;

void sw_set_crash_cleanup(void (*cleanup)(void)) { crash_cleanup = cleanup; }

static void put(const char *text) {
    ssize_t ignored = write(STDERR_FILENO, text, strlen(text));
    (void)ignored;
}

// Decimal without printf, which is not async-signal-safe.
static void put_number(long value) {
    char digits[24];
    int at = sizeof digits - 1;
    digits[at] = '\0';
    int negative = value < 0;
    unsigned long left = negative ? -(unsigned long)value : (unsigned long)value;
    do { digits[--at] = (char)('0' + left % 10); left /= 10; } while (left && at > 1);
    if (negative) digits[--at] = '-';
    put(digits + at);
}

static const char *signal_name(int sig) {
    switch (sig) {
    case SIGSEGV: return "SIGSEGV";
    case SIGBUS: return "SIGBUS";
    case SIGILL: return "SIGILL";
    case SIGFPE: return "SIGFPE";
    case SIGABRT: return "SIGABRT";
    case SIGTRAP: return "SIGTRAP";
    default: return "signal";
    }
}

// glibc's backtrace() opens libgcc_s.so.1 on its first use, whatever is
// linked in; the release binary has libgcc's unwinder inside, so walking
// the stack with it directly loads no library, then or at start-up.
struct frame_walk {
    void **frames;
    int count;
    int capacity;
};

static _Unwind_Reason_Code collect_frame(struct _Unwind_Context *context, void *argument) {
    struct frame_walk *walk = argument;
    if (walk->count >= walk->capacity) return _URC_END_OF_STACK;
    uintptr_t ip = _Unwind_GetIP(context);
    if (ip != 0) walk->frames[walk->count++] = (void *)ip;
    return _URC_NO_REASON;
}

static int walk_stack(void **frames, int capacity) {
    struct frame_walk walk = { frames, 0, capacity };
    _Unwind_Backtrace(collect_frame, &walk);
    return walk.count;
}

// The report of our own, to stderr (the session log while the screen is
// up). Swift's backtracer, when the runtime can find it (a debug build),
// adds its symbolicated one after; a release binary with the runtime
// linked in has none, and this is all there is. The frames are addresses
// in the binary (+0x...) for addr2line or llvm-symbolizer.
static void write_crash_report(int sig) {
    put("\n*** standby-wizard crash report ***\nProgram crashed: ");
    put(signal_name(sig));
    put(" (");
    put_number(sig);
    put("), pid ");
    put_number(getpid());
    put("\n");
    char exe[512];
    ssize_t length = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (length > 0) {
        exe[length] = '\0';
        put("binary: ");
        put(exe);
        put("\n");
    }
    void *frames[64];
    int count = walk_stack(frames, 64);
    put("backtrace (");
    put_number(count);
    put(" frames; symbolize with addr2line -f -C -e BINARY OFFSET):\n");
    backtrace_symbols_fd(frames, count, STDERR_FILENO);
    put("*** end of crash report ***\n");
}

static void on_crash(int sig) {
    sw_restore_terminal_now();
    if (crash_cleanup) crash_cleanup();
    write_crash_report(sig);
    if (sig > 0 && sig < 32) sigaction(sig, &previous[sig], NULL);
    // The previous handler (Swift's backtracer) prints its report and
    // returns, expecting a real fault to recur; a sent signal would not, so
    // finish the job with the default action.
    raise(sig);
    signal(sig, SIG_DFL);
    raise(sig);
    _exit(128 + sig);
}

void sw_install_crash_guard(void) {
    // The unwinder finds and caches the binary's unwind tables on its first
    // walk; do that now, not in the handler.
    void *warm[1];
    walk_stack(warm, 1);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_crash;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESETHAND | SA_NODEFER;
    for (size_t i = 0; i < sizeof crash_signals / sizeof crash_signals[0]; i++) {
        int sig = crash_signals[i];
        sigaction(sig, &sa, &previous[sig]);
    }
    sigset_t wanted;
    sigemptyset(&wanted);
    for (size_t i = 0; i < sizeof crash_signals / sizeof crash_signals[0]; i++) sigaddset(&wanted, crash_signals[i]);
    sigprocmask(SIG_UNBLOCK, &wanted, NULL);
}

// A real invalid write, not a sent signal: the crash test goes through the
// same fault path a bug would.
static volatile int *volatile nowhere = NULL;

void sw_crash_for_test(void) { *nowhere = 1; }
