#ifndef QUANTUM_CINTERRUPT_H
#define QUANTUM_CINTERRUPT_H
#include <stdio.h>

/// Ctrl-C and the terminal's own signals (a resize, a stop and continue), noticed through
/// process-wide flags. The flags and their handlers live in interrupt.c, so every object file
/// reads the copy the handlers set (a `static` in a header would give each file its own).

/// Installs the SIGINT handler (without SA_RESTART, so a blocked read returns) and handlers for
/// SIGWINCH, SIGCONT and SIGTSTP (Ctrl-Z puts the terminal back as it was before stopping and
/// restores the line editor's mode on `fg`), and unblocks the four.
void quantum_catch_interrupts(void);

/// Whether Ctrl-C was pressed since the last call; clears the flag.
int quantum_take_interrupt(void);

/// Terminal events since the last call, cleared: bit 1 the window was resized, bit 2 the process
/// was continued after a stop.
int quantum_take_terminal_events(void);

/// Called from `quantum_getc` (on the thread reading keys) when the window was resized or the
/// process continued while a line is being read, with the events as `quantum_take_terminal_events`
/// gives them, so the line editor can resize and redraw.
void quantum_set_terminal_hook(void (*hook)(int events));

/// Reads one character from `stream` for libedit (a UTF-8 sequence as its code point, which
/// libedit takes as one wide character), watching the Ctrl-C flag meanwhile: a Ctrl-C ends the
/// read as end of input even when it lands outside the blocking read (the caller checks the flag
/// to tell the two apart).
int quantum_getc(FILE *stream);
#endif
