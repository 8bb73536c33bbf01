#ifndef QUANTUM_CEDITLINE_SHIM_H
#define QUANTUM_CEDITLINE_SHIM_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

/// Keys through `getc` (CInterrupt's `quantum_getc`, which watches the Ctrl-C flag), and Ctrl-C
/// left to our handler rather than libedit's.
static inline void quantum_read_keys_with(int (*getc)(FILE *)) {
    rl_getc_function = getc;
    rl_catch_signals = 0;
}
#endif
