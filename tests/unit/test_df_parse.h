/* Test helper: Dockerfile text -> struct build through the real parser, so
 * the rule tests exercise exactly what `dockguard lint` sees. */
#ifndef DG_TEST_DF_PARSE_H
#define DG_TEST_DF_PARSE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/util.h"
#include "dockerfile/dockerfile.h"
#include "model/build.h"

/* Returns an allocated build (free with build_free + free), or NULL with
 * the parser's message printed. */
static struct build *test_df_parse(const char *text)
{
    struct build *b = dg_xcalloc(1, sizeof *b);
    struct dg_error err;
    memset(&err, 0, sizeof err);
    if (dockerfile_parse("Dockerfile", text, strlen(text), b, &err) != 0) {
        fprintf(stderr, "parse error: %s\n", err.msg);
        free(b);
        return NULL;
    }
    return b;
}

#endif
