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

int quantum_getc(FILE *stream) {
    int fd = fileno(stream);
    int lead = read_byte(fd);
    // libedit takes what this returns as one character (a wchar_t), so a UTF-8 sequence is read
    // whole and returned as its code point; a malformed one is returned byte by byte.
    int more = lead >= 0xF0 && lead < 0xF8 ? 3 : lead >= 0xE0 && lead < 0xF0 ? 2 : lead >= 0xC2 && lead < 0xE0 ? 1 : 0;
    if (lead == EOF || more == 0) return lead;
    int point = lead & (0x3F >> more);
    for (int i = 0; i < more; i++) {
        int next = read_byte(fd);
        if (next == EOF) return EOF;
        if ((next & 0xC0) != 0x80) return next;
        point = (point << 6) | (next & 0x3F);
    }
    return point;
}
