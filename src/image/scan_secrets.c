/* Content secrets of image files: runs the shared secrets scanner over a
 * file's leading bytes and records each match (redacted) in its layer, for
 * the content-secret rules. */
#include "image/scan.h"
#include "core/secrets.h"

#include <string.h>

struct secret_cb {
    struct fs_layer *layer;
    struct fs_entry *entry;
    const char *buf;
    size_t len;
};

static char *redact(const char *s, size_t n)
{
    /* Enough to recognise which credential it is, never enough to use it. */
    size_t keep = n > 16 ? 4 : (n > 6 ? 2 : 0);
    size_t stars = n - keep > 12 ? 12 : n - keep;
    char *out = dg_xmalloc(keep + stars + 4);
    size_t o = 0;
    for (size_t i = 0; i < keep; i++) out[o++] = (s[i] >= 0x20 && s[i] < 0x7f) ? s[i] : '?';
    for (size_t i = 0; i < stars; i++) out[o++] = '*';
    out[o] = '\0';
    return out;
}

static int on_secret(void *ud, const struct secret_match *m)
{
    struct secret_cb *c = ud;
    struct fs_layer *l = c->layer;
    if (l->nsecrets >= SCAN_SECRETS_PER_LAYER) return 1;
    if (l->nsecrets == l->cap_secrets) {
        l->cap_secrets = l->cap_secrets ? l->cap_secrets * 2 : 8;
        l->secrets = dg_xrealloc(l->secrets, l->cap_secrets * sizeof *l->secrets);
    }
    struct fs_secret *s = &l->secrets[l->nsecrets++];
    memset(s, 0, sizeof *s);
    s->path = c->entry->path;
    s->kind = m->kind;
    s->id = m->id;
    s->line = m->line;
    s->entry = c->entry->index;
    size_t off = m->off < c->len ? m->off : c->len;
    size_t len = m->len <= c->len - off ? m->len : c->len - off;
    s->evidence = redact(c->buf + off, len);
    return 0;
}


void scan_secrets_file(struct fs_layer *layer, struct fs_entry *e, const char *buf, size_t len)
{
    struct secret_cb c = {layer, e, buf, len};
    secrets_scan_text(buf, len, on_secret, &c);
}
