#ifndef QUANTUM_CINTERRUPT_H
#define QUANTUM_CINTERRUPT_H
#include <stdio.h>

/// Ctrl-C, noticed through one process-wide flag. The flag and its handler live in interrupt.c,
/// so every object file reads the copy the handler sets (a `static` in a header would give each
/// file its own).

/// Installs the SIGINT handler (without SA_RESTART, so a blocked read returns) and unblocks SIGINT.
void quantum_catch_interrupts(void);

/// Whether Ctrl-C was pressed since the last call; clears the flag.
int quantum_take_interrupt(void);

/// Reads one key from `stream` for libedit, watching the Ctrl-C flag meanwhile: a Ctrl-C ends the
/// read as end of input even when it lands outside the blocking read (the caller checks the flag
/// to tell the two apart).
int quantum_getc(FILE *stream);
#endif
