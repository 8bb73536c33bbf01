#include "interrupt.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

/// The one Ctrl-C flag of the process: set by the handler, read and cleared by the REPL.
static volatile sig_atomic_t interrupted = 0;

static void on_interrupt(int signal) {
    (void)signal;
    interrupted = 1;
}

void quantum_catch_interrupts(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_interrupt;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, NULL);
    // A parent may have started us with SIGINT blocked (threads of a thread pool often are).
    sigset_t interrupt;
    sigemptyset(&interrupt);
    sigaddset(&interrupt, SIGINT);
    pthread_sigmask(SIG_UNBLOCK, &interrupt, NULL);
}

int quantum_take_interrupt(void) {
    int was = interrupted;
    interrupted = 0;
    return was;
}

int quantum_getc(FILE *stream) {
    int fd = fileno(stream);
    for (;;) {
        if (interrupted) return EOF;
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
