#ifndef QUANTUM_CEDITLINE_SHIM_H
#define QUANTUM_CEDITLINE_SHIM_H
#include <stdio.h>
#include <stdlib.h>
#include <editline/readline.h>

/// libedit's globals and macros are not importable from Swift 6 as they are; these shims are.
static inline void quantum_rl_set_name(const char *name) { rl_readline_name = name; }
static inline void quantum_stifle_history(int n) { stifle_history(n); }
static inline void quantum_free(void *p) { free(p); }
static inline void quantum_flush_stdout(void) { fflush(stdout); }
#endif
