/* Fuzz target for the image-archive scan: the input is an archive stream
 * (outer tar, optionally compressed, with nested layers). Reads it in one
 * pass, resolves manifests, builds every image's filesystem and runs the
 * trust, image and fs rules; must never crash, hang or leak. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/types.h>

#include "core/error.h"
#include "core/finding.h"
#include "image/scan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct src {
    const uint8_t *data;
    size_t len, off;
};

static ssize_t src_read(void *ud, const void **buf, struct dg_error *err)
{
    (void)err;
    struct src *s = ud;
    size_t n = s->len - s->off;
    /* Uneven blocks exercise block boundaries in the nested readers. */
    if (n > 4093) n = 4093;
    *buf = s->data + s->off;
    s->off += n;
    return (ssize_t)n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct scan_options o;
    scan_options_init(&o);
    /* Small bounds keep each run fast; the code paths are the same. */
    o.limits.uncompressed_max = 64u << 20;
    o.limits.ratio_floor = 1u << 20;
    o.limits.layer_entries_max = 20000;
    o.limits.total_entries_max = 40000;
    struct scan s;
    scan_init(&s, &o);
    struct src src = {data, size, 0};
    struct dg_error err = {0};
    struct dg_report r;
    dg_report_init(&r, "scan");
    if (scan_read_stream(&s, "fuzz.tar", src_read, &src, size, &err) == 0) scan_check(&s, &r, NULL, &err);
    dg_report_free(&r);
    scan_free(&s);
    return 0;
}
