/* Exec form of an instruction (RUN ["sh", "-c", "make"]): a JSON array of
 * strings and nothing else. Read by hand rather than by building a jansson
 * tree per instruction, with exactly the acceptance the parser had when it
 * used json_loadb(s, n, JSON_DECODE_ANY) and checked that every element is
 * a string (tests/unit/test_execform.c runs both on many inputs):
 * whitespace between tokens is space, tab, newline or carriage return; the
 * text is valid UTF-8 (no overlong forms, surrogates or code points past
 * U+10FFFF); strings hold no raw control characters; escapes are the JSON
 * ones, \uXXXX with surrogate pairs joined and lone surrogates and \u0000
 * refused. Anything else is not exec form, and the caller reads the text
 * as shell form. */
#ifndef DG_DOCKERFILE_EXECFORM_H
#define DG_DOCKERFILE_EXECFORM_H

#include <stdbool.h>
#include <stddef.h>
#include "core/arena.h"

/* Reads s[0..n) (which may hold NUL bytes; they are refused like any
 * control character). True when it is an array of strings: *args is then
 * an array of *nargs decoded strings allocated from mem (NULL for []).
 * False, with nothing allocated and *args, *nargs untouched, otherwise. */
bool execform_read(const char *s, size_t n, struct dg_arena *mem, char ***args, size_t *nargs);

#endif
