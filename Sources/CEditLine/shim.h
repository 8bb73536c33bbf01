#ifndef QUANTUM_CEDITLINE_SHIM_H
#define QUANTUM_CEDITLINE_SHIM_H
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <editline/readline.h>
#include <sys/ioctl.h>
#include <unistd.h>

/// libedit's globals and macros are not importable from Swift 6 as they are; these shims are.
/// (Static state here is per object file: call the interrupt shims from one Swift file only.)
static inline void quantum_rl_set_name(const char *name) { rl_readline_name = name; }
static inline void quantum_stifle_history(int n) { stifle_history(n); }
static inline void quantum_free(void *p) { free(p); }
static inline void quantum_flush_stdout(void) { fflush(stdout); }

/// The terminal's width in columns on `fd`, or 0 when it is not a terminal.
static inline int quantum_terminal_columns(int fd) {
    struct winsize size;
    return ioctl(fd, TIOCGWINSZ, &size) == 0 ? size.ws_col : 0;
}

/// Completion: our function decides everything (no fallback to libedit's file names).
static inline void quantum_set_completion(rl_completion_func_t *fn) {
    rl_attempted_completion_function = fn;
    rl_completion_append_character = ' ';
}
static inline void quantum_completion_over(void) { rl_attempted_completion_over = 1; }
static inline const char *quantum_line_buffer(void) { return rl_line_buffer; }
/// Words break at spaces only, so `$2`, `--from` and `a/b.csv` complete whole.
static inline void quantum_set_word_breaks(void) { rl_basic_word_break_characters = " \t\n"; rl_completer_word_break_characters = " \t\n"; }
/// Ctrl-R searches the history incrementally, as in readline.
static inline void quantum_bind_search(void) { rl_parse_and_bind("bind ^R em-inc-search-prev"); }

/// Ctrl-C: a flag, set by a handler installed without SA_RESTART so a blocked read returns.
static volatile sig_atomic_t quantum_interrupted = 0;
static void quantum_on_interrupt(int signal) { (void)signal; quantum_interrupted = 1; }
static inline void quantum_catch_interrupts(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = quantum_on_interrupt;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, NULL);
    // A parent may have started us with SIGINT blocked (threads of a thread pool often are).
    sigset_t interrupt;
    sigemptyset(&interrupt);
    sigaddset(&interrupt, SIGINT);
    pthread_sigmask(SIG_UNBLOCK, &interrupt, NULL);
}
/// libedit reads keys through this: it waits for one while watching the Ctrl-C flag, so a
/// Ctrl-C ends the read even when it lands outside the blocking read (it then reads as end of
/// input; the caller checks the flag to tell the two apart).
static int quantum_getc(FILE *stream) {
    int fd = fileno(stream);
    for (;;) {
        if (quantum_interrupted) return EOF;
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
/// Keys through `quantum_getc`, and Ctrl-C left to our handler rather than libedit's.
static inline void quantum_read_keys_interruptibly(void) {
    rl_getc_function = quantum_getc;
    rl_catch_signals = 0;
}

/// Whether Ctrl-C was pressed since the last call.
static inline int quantum_take_interrupt(void) {
    int was = quantum_interrupted;
    quantum_interrupted = 0;
    return was;
}
#endif
