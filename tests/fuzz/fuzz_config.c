/* Fuzz target: .dockguard.yaml parsing. */
#include <stddef.h>
#include <stdint.h>

#include "core/config.h"
#include "core/error.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct dg_config c;
    struct dg_error err = {0};
    dg_config_init(&c);
    if (dg_config_parse(&c, "fuzz.yaml", (const char *)data, size, &err) == 0) {
        dg_config_ignored(&c, "DG-C001", "tests/x.yml");
        dg_config_image_trusted(&c, "registry.example.com/a/b:1");
    }
    dg_config_free(&c);
    return 0;
}
