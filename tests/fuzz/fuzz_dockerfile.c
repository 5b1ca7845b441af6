/* Fuzz target: Dockerfile parsing and the final stage's image_spec. */
#include <stddef.h>
#include <stdint.h>

#include "dockerfile/dockerfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct build b;
    struct dg_error err = {0};
    if (dockerfile_parse("fuzz", (const char *)data, size, &b, &err) == 0) {
        struct image_spec s;
        dockerfile_image_spec(&b, &s);
        is_free(&s);
    }
    build_free(&b);
    return 0;
}
