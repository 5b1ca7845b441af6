/* Fuzz target: .dockerignore parsing and matching. The input's first line is
 * the path to match, the rest the patterns. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "dockerfile/dockerignore.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    const char *nl = memchr(text, '\n', size);
    size_t plen = nl ? (size_t)(nl - text) : size;
    char *path = dg_xstrndup(text, plen);
    const char *pat = nl ? nl + 1 : text + size;
    struct dockerignore *d = NULL;
    struct dg_error err = {0};
    if (dockerignore_parse("fuzz", pat, (size_t)(text + size - pat), &d, &err) == 0) {
        dockerignore_excluded(d, path);
        dockerignore_free(d);
    }
    free(path);
    return 0;
}
