/* Fuzz target for the RUN-command shell reader: arbitrary bytes as shell
 * text, and the same bytes split on NUL as an exec-form argument list. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dockerfile/shell.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct sh_script s;
    sh_parse((const char *)data, size, &s);
    for (size_t i = 0; i < s.n; i++) {
        /* Touch every word and the helpers so that bad pointers show. */
        const struct sh_cmd *c = &s.cmds[i];
        for (size_t j = 0; j < c->nwords; j++) (void)strlen(c->words[j]);
        (void)sh_cmd_name(c);
        size_t u = sh_cmd_unwrap(c);
        if (u > c->nwords) abort();
        if (c->argv0 > c->nwords) abort();
    }
    sh_script_free(&s);

    /* Exec form: split on NUL into at most 64 arguments. */
    char *copy = malloc(size + 1);
    if (!copy) return 0;
    memcpy(copy, data, size);
    copy[size] = 0;
    char *argv[64];
    size_t argc = 0;
    for (size_t off = 0; off <= size && argc < 64;) {
        argv[argc++] = copy + off;
        off += strlen(copy + off) + 1;
    }
    sh_parse_argv(argv, argc, &s);
    sh_script_free(&s);
    free(copy);
    return 0;
}
