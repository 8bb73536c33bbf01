#ifndef QUANTUM_CEDITLINE_SHIM_H
#define QUANTUM_CEDITLINE_SHIM_H
#include <stdio.h>
#include <stdlib.h>
#include <editline/readline.h>
#endif
