#ifndef QUANTUM_CEDITLINE_SHIM_H
#define QUANTUM_CEDITLINE_SHIM_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <editline/readline.h>
#include <histedit.h>
#include <fcntl.h>
#include <sys/stat.h>
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

/// The terminal's height in rows on `fd`, or 0 when it is not a terminal.
static inline int quantum_terminal_rows(int fd) {
    struct winsize size;
    return ioctl(fd, TIOCGWINSZ, &size) == 0 ? size.ws_row : 0;
}

/// The prompt and the line being edited go to stderr (when stdout is a pipe: `quantum | tee log`).
static inline void quantum_edit_on_stderr(void) { rl_outstream = stderr; }

/// Appends one line to the history file at `path`, encoded as libedit encodes it, through
/// O_APPEND: REPLs running at once each add their lines (libedit's append_history writes its
/// whole list, and write_history replaces the file). Returns 0, or -1 when it could not.
static inline int quantum_append_history(const char *path, const char *line) {
    HistEvent event;
    History *one = history_init();
    if (one == NULL) return -1;
    history(one, &event, H_SETSIZE, 1);
    history(one, &event, H_ENTER, line);
    // libedit saves only to a real file (it sets the file's mode), so a temporary one.
    FILE *scratch = tmpfile();
    if (scratch == NULL) { history_end(one); return -1; }
    history(one, &event, H_SAVE_FP, scratch);
    history_end(one);
    long length = ftell(scratch);
    char *encoded = length > 0 ? calloc((size_t)length + 1, 1) : NULL;
    rewind(scratch);
    if (encoded != NULL && fread(encoded, 1, (size_t)length, scratch) != (size_t)length) { free(encoded); encoded = NULL; }
    fclose(scratch);
    // "_HiStOrY_V2_\n" then the entry: the cookie is written only into an empty file.
    const char *newline = encoded ? strchr(encoded, '\n') : NULL;
    int fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0600);
    struct stat info;
    int ok = fd >= 0 && fstat(fd, &info) == 0 && newline != NULL;
    if (ok) {
        const char *from = info.st_size == 0 ? encoded : newline + 1;
        size_t size = strlen(from);
        ok = write(fd, from, size) == (ssize_t)size;
    }
    if (fd >= 0) close(fd);
    free(encoded);
    return ok ? 0 : -1;
}

/// Completion: our function decides everything (no fallback to libedit's file names).
static inline void quantum_set_completion(rl_completion_func_t *fn) {
    rl_attempted_completion_function = fn;
    rl_completion_append_character = ' ';
}
static inline void quantum_completion_over(void) { rl_attempted_completion_over = 1; }
/// What follows a completed word: a space, or nothing (0) after a folder.
static inline void quantum_set_completion_append(int c) { rl_completion_append_character = c; }
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
