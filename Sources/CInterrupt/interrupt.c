#include "interrupt.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

/// The one Ctrl-C flag of the process: set by the handler, read and cleared by the REPL.
static volatile sig_atomic_t interrupted = 0;
/// Terminal events (1: resized, 2: continued), set by handlers, taken by the reader.
static volatile sig_atomic_t terminal_events = 0;
static void (*terminal_hook)(int) = NULL;
/// The terminal's mode before any line was edited, restored while the process is stopped.
static struct termios cooked;
static int have_cooked = 0;

static void on_interrupt(int signal) {
    (void)signal;
    interrupted = 1;
}

static void on_resize(int signal) {
    (void)signal;
    terminal_events |= 1;
}

static void on_continue(int signal) {
    (void)signal;
    terminal_events |= 2;
}

static void install(int signal, void (*handler)(int)) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = handler;
    sigemptyset(&action.sa_mask);
    sigaction(signal, &action, NULL);
}

/// Ctrl-Z: leave the terminal as the shell expects it, stop, and on `fg` put back the mode the
/// line editor had (every call here is async-signal-safe).
static void on_stop(int signal) {
    int saved = errno;
    struct termios current;
    int have_current = tcgetattr(STDIN_FILENO, &current) == 0;
    if (have_cooked) tcsetattr(STDIN_FILENO, TCSADRAIN, &cooked);
    install(SIGTSTP, SIG_DFL);
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTSTP);
    pthread_sigmask(SIG_UNBLOCK, &stop, NULL);
    raise(signal);
    // Continued.
    install(SIGTSTP, on_stop);
    if (have_current) tcsetattr(STDIN_FILENO, TCSADRAIN, &current);
    terminal_events |= 2;
    errno = saved;
}

void quantum_catch_interrupts(void) {
    have_cooked = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &cooked) == 0;
    install(SIGINT, on_interrupt);
    install(SIGWINCH, on_resize);
    install(SIGCONT, on_continue);
    if (have_cooked) install(SIGTSTP, on_stop);
    // A parent may have started us with these blocked (threads of a thread pool often are).
    sigset_t handled;
    sigemptyset(&handled);
    sigaddset(&handled, SIGINT);
    sigaddset(&handled, SIGWINCH);
    sigaddset(&handled, SIGCONT);
    sigaddset(&handled, SIGTSTP);
    pthread_sigmask(SIG_UNBLOCK, &handled, NULL);
}

int quantum_take_interrupt(void) {
    int was = interrupted;
    interrupted = 0;
    return was;
}

int quantum_take_terminal_events(void) {
    int events = terminal_events;
    terminal_events = 0;
    return events;
}

void quantum_set_terminal_hook(void (*hook)(int events)) { terminal_hook = hook; }

/// One byte from `fd`, watching the Ctrl-C flag and the terminal events meanwhile; EOF on
/// Ctrl-C, end of input or an error.
static int read_byte(int fd) {
    for (;;) {
        if (interrupted) return EOF;
        if (terminal_events && terminal_hook) terminal_hook(quantum_take_terminal_events());
        struct pollfd ready = { fd, POLLIN, 0 };
        int n = poll(&ready, 1, 100);
        if (n < 0 && errno != EINTR) return EOF;
        if (n <= 0) continue;
        unsigned char c;
        ssize_t got = read(fd, &c, 1);
        if (got == 1) return c;
        if (got == 0 || errno != EINTR) return EOF;
    }
}

/// Bytes read ahead of a key sequence left as it was, returned before any new byte.
static unsigned char ahead[4];
static int ahead_count = 0;
static int ahead_next = 0;

static int next_byte(int fd) {
    if (ahead_next < ahead_count) return ahead[ahead_next++];
    return read_byte(fd);
}

/// The next byte when it comes within `ms` milliseconds (the rest of a key's sequence comes at
/// once); -1 when none does.
static int byte_within(int fd, int ms) {
    struct pollfd ready = { fd, POLLIN, 0 };
    if (poll(&ready, 1, ms) <= 0) return -1;
    unsigned char c;
    return read(fd, &c, 1) == 1 ? c : -1;
}

static int keep_ahead(const int *bytes, int count) {
    ahead_count = 0;
    ahead_next = 0;
    for (int i = 0; i < count && bytes[i] >= 0; i++) ahead[ahead_count++] = (unsigned char)bytes[i];
    return 0x1b;
}

/// After an ESC: the arrow, Home and End keys (`ESC [ C`, `ESC O C`, `ESC [ 1 ~` …) as the Emacs
/// control keys libedit binds to the same moves (Ctrl-P, Ctrl-N, Ctrl-F, Ctrl-B, Ctrl-A, Ctrl-E).
/// Inside a Ctrl-R search, libedit ends the search at an ESC and types the rest of the sequence
/// (`[C`) into the line; a control key ends the search keeping the match and then moves, as
/// readline does. Any other sequence is returned as it came, ESC first.
static int key_after_escape(int fd) {
    int seq[3] = { byte_within(fd, 50), -1, -1 };
    if (seq[0] != '[' && seq[0] != 'O') return keep_ahead(seq, 1);
    seq[1] = byte_within(fd, 50);
    switch (seq[1]) {
    case 'A': return 0x10;
    case 'B': return 0x0e;
    case 'C': return 0x06;
    case 'D': return 0x02;
    case 'H': return 0x01;
    case 'F': return 0x05;
    case '1': case '7': case '4': case '8':
        if (seq[0] != '[') break;
        seq[2] = byte_within(fd, 50);
        if (seq[2] == '~') return seq[1] == '1' || seq[1] == '7' ? 0x01 : 0x05;
        break;
    }
    return keep_ahead(seq, 3);
}

int quantum_getc(FILE *stream) {
    int fd = fileno(stream);
    int lead = next_byte(fd);
    if (lead == 0x1b && ahead_next >= ahead_count && isatty(fd)) return key_after_escape(fd);
    // libedit takes what this returns as one character (a wchar_t), so a UTF-8 sequence is read
    // whole and returned as its code point; a malformed one is returned byte by byte.
    int more = lead >= 0xF0 && lead < 0xF8 ? 3 : lead >= 0xE0 && lead < 0xF0 ? 2 : lead >= 0xC2 && lead < 0xE0 ? 1 : 0;
    if (lead == EOF || more == 0) return lead;
    int point = lead & (0x3F >> more);
    for (int i = 0; i < more; i++) {
        int next = next_byte(fd);
        if (next == EOF) return EOF;
        if ((next & 0xC0) != 0x80) return next;
        point = (point << 6) | (next & 0x3F);
    }
    return point;
}
