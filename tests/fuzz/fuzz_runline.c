/* Fuzz target: docker run line scanning and argument mapping. */
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "runline/runline.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int on_run(void *ud, struct container_spec *spec, int line)
{
    (void)ud;
    (void)line;
    cs_normalize(spec);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct dg_error err = {0};
    runline_wanted((const char *)data, size);
    runline_scan("fuzz.sh", (const char *)data, size, on_run, NULL, &err);
    return 0;
}
