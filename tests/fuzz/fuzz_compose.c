/* Fuzz target: a compose file (YAML, anchors, merge keys, interpolation,
 * service conversion) must give a project or an error, never a crash, a
 * hang or a leak. The file is named inside a folder that does not exist, so
 * no .env is picked up; paths it names are looked up read-only. */
#include <stddef.h>
#include <stdint.h>

#include "compose/compose.h"
#include "core/error.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct compose_project p;
    struct dg_error err = {0};
    if (compose_load_text("/nonexistent-dockguard-fuzz/compose.yaml", (const char *)data, size, &p, &err) == 0) {
        for (size_t i = 0; i < p.nservices; i++) cs_normalize(&p.services[i].spec);
        compose_project_free(&p);
    }
    return 0;
}
