/* apk database parser: lib/apk/db/installed, one record per package,
 * records separated by blank lines, "X:value" lines (P name, V version,
 * A arch, o origin = source package). Other letters are ignored. */
#include "image/pkgdb.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>

struct rec {
    char *f[4];  /* P V A o */
    int line;
};

static void rec_clear(struct rec *r)
{
    for (int i = 0; i < 4; i++) free(r->f[i]);
    memset(r, 0, sizeof *r);
}

static int rec_end(struct rec *r, const char *file, struct pkg_inventory *inv, struct dg_error *err)
{
    int rc = 0;
    if (!r->f[0] && !r->f[1]) goto out;
    if (!r->f[0] || !r->f[1] || !*r->f[0] || !*r->f[1]) {
        rc = dg_error_at(err, DG_ERR_PARSE, file, r->line, "package record without %s", r->f[0] ? "V:" : "P:");
        goto out;
    }
    if (inv->n >= PKG_MAX_PACKAGES) {
        rc = dg_error_at(err, DG_ERR_LIMIT, file, r->line, "more than %d packages", PKG_MAX_PACKAGES);
        goto out;
    }
    struct pkg *k = pkg_inventory_add(inv);
    k->type = PKG_APK;
    k->name = r->f[0], r->f[0] = NULL;
    k->version = r->f[1], r->f[1] = NULL;
    k->arch = r->f[2], r->f[2] = NULL;
    if (r->f[3] && strcmp(r->f[3], k->name) != 0) k->source = r->f[3], r->f[3] = NULL;
out:
    rec_clear(r);
    return rc;
}

int pkgdb_apk_parse(const char *buf, size_t len, const char *file, struct pkg_inventory *inv, struct dg_error *err)
{
    if (len > PKGDB_MAX_BYTES) return dg_error_set(err, DG_ERR_LIMIT, "%s: database larger than %u bytes", file, PKGDB_MAX_BYTES);
    struct rec r = {0};
    int line = 0, rc = 0;
    size_t pos = 0;
    while (pos < len && rc == 0) {
        const char *s = buf + pos;
        const char *nl = memchr(s, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - s) : len - pos;
        pos += n + (nl ? 1 : 0);
        line++;
        if (n && s[n - 1] == '\r') n--;
        if (n == 0) {
            rc = rec_end(&r, file, inv, err);
            continue;
        }
        if (memchr(s, '\0', n)) {
            rc = dg_error_at(err, DG_ERR_PARSE, file, line, "NUL byte in a text database");
            break;
        }
        if (n < 2 || s[1] != ':') {
            rc = dg_error_at(err, DG_ERR_PARSE, file, line, "expected a 'X:value' line");
            break;
        }
        if (n - 2 > PKG_MAX_FIELD) {
            rc = dg_error_at(err, DG_ERR_LIMIT, file, line, "field longer than %d bytes", PKG_MAX_FIELD);
            break;
        }
        const char *letters = "PVAo";
        const char *k = strchr(letters, s[0]);
        if (!k || !s[0]) continue;
        int i = (int)(k - letters);
        if (r.f[i]) {
            rc = dg_error_at(err, DG_ERR_PARSE, file, line, "%c: given twice in one record", s[0]);
            break;
        }
        r.f[i] = dg_xstrndup(s + 2, n - 2);
        if (!r.line) r.line = line;
    }
    if (rc == 0) rc = rec_end(&r, file, inv, err);
    rec_clear(&r);
    return rc;
}
