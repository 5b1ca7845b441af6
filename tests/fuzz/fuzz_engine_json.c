/* Fuzz target: an Engine API response body (container or image inspect,
 * history, top, lists, a create request) through the client's body parser
 * and every adapter, then the rules over the resulting models. Nothing may
 * crash, leak or hang whatever the daemon (or a create request) sends. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/config.h"
#include "core/finding.h"
#include "core/rule.h"
#include "engine/adapt.h"
#include "engine/engine.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void run_rules(enum dg_model m, const void *subject)
{
    struct dg_report r;
    struct dg_config cfg;
    dg_config_init(&cfg);
    dg_report_init(&r, "audit");
    struct rule_ctx ctx = {.report = &r, .config = &cfg, .file = "fuzz", .subject = "fuzz", .root = "/nonexistent"};
    rules_run(m, subject, &ctx);
    dg_report_free(&r);
    dg_config_free(&cfg);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > (1u << 20)) return 0;
    json_t *j = NULL;
    struct dg_error err = {0};
    /* The first byte picks the HTTP status half the time, to reach the
     * error-body path too. */
    long status = size && data[0] == '!' ? 500 : 200;
    if (engine_parse_body("GET /fuzz", (const char *)data, size, status, &j, &err) != 0) return 0;

    struct container_spec c;
    engine_container_spec_from_inspect(j, &c, &err);
    engine_container_apply_info(&c, j);
    engine_container_apply_top(&c, j, &err);
    run_rules(DG_MODEL_CONTAINER, &c);
    cs_free(&c);

    engine_container_spec_from_create(j, "fuzz", &c, &err);
    run_rules(DG_MODEL_CONTAINER, &c);
    cs_free(&c);

    struct image_spec s;
    const json_t *hist = json_is_object(j) ? json_object_get(j, "History") : j;
    engine_image_spec_from_inspect(j, hist, &s, &err);
    run_rules(DG_MODEL_IMAGE, &s);
    is_free(&s);

    struct inventory v;
    const json_t *imgs = json_is_object(j) ? json_object_get(j, "Images") : j;
    const json_t *ctrs = json_is_object(j) ? json_object_get(j, "Containers") : j;
    engine_inventory_from_lists(imgs, ctrs, &v, &err);
    run_rules(DG_MODEL_INVENTORY, &v);
    inv_free(&v);
    json_decref(j);
    return 0;
}
