#ifndef QUANTUM_CEDITLINE_SHIM_H
#define QUANTUM_CEDITLINE_SHIM_H
#include <stdio.h>
#include <stdlib.h>
#include <editline/readline.h>
#include <sys/ioctl.h>
#include <unistd.h>

/// libedit's globals and macros are not importable from Swift 6 as they are; these shims are.
static inline void quantum_rl_set_name(const char *name) { rl_readline_name = name; }
static inline void quantum_stifle_history(int n) { stifle_history(n); }
static inline void quantum_free(void *p) { free(p); }
static inline void quantum_flush_stdout(void) { fflush(stdout); }
/// The terminal's width in columns on `fd`, or 0 when it is not a terminal.
static inline int quantum_terminal_columns(int fd) {
    struct winsize size;
    return ioctl(fd, TIOCGWINSZ, &size) == 0 ? size.ws_col : 0;
}
#endif
