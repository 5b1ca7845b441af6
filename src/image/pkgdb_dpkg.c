/* dpkg database parser: var/lib/dpkg/status (RFC 822-like paragraphs, one
 * per package) and the per-package files of distroless images
 * (var/lib/dpkg/status.d/NAME). Keeps Package, Version, Architecture,
 * Source ("name" or "name (version)") and, for status, only packages whose
 * Status is "install ok installed". */
#include "image/pkgdb.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>

enum pkgdb_kind pkgdb_kind_of(const char *path)
{
    if (strcmp(path, "var/lib/dpkg/status") == 0) return PKGDB_DPKG_STATUS;
    if (dg_str_has_prefix(path, "var/lib/dpkg/status.d/") && !strchr(path + 22, '/') && path[22] &&
        !dg_str_has_suffix(path, ".md5sums"))
        return PKGDB_DPKG_STATUSD;
    if (strcmp(path, "lib/apk/db/installed") == 0) return PKGDB_APK;
    if (strcmp(path, "etc/os-release") == 0 || strcmp(path, "usr/lib/os-release") == 0) return PKGDB_OSRELEASE;
    /* Fedora 36+ keeps the database under /usr (var/lib/rpm links there). */
    const char *rpm = dg_str_has_prefix(path, "var/lib/rpm/")              ? path + 12
                      : dg_str_has_prefix(path, "usr/lib/sysimage/rpm/") ? path + 21
                                                                            : NULL;
    if (rpm) {
        if (strcmp(rpm, "rpmdb.sqlite") == 0) return PKGDB_RPM_SQLITE;
        if (strcmp(rpm, "rpmdb.sqlite-wal") == 0) return PKGDB_RPM_WAL;
        if (strcmp(rpm, "Packages") == 0) return PKGDB_RPM_BDB;
        if (strcmp(rpm, "Packages.db") == 0) return PKGDB_RPM_NDB;
    }
    return PKGDB_NONE;
}

struct para {
    char *name, *version, *arch, *source, *status;
    int line;
};

static void para_clear(struct para *p)
{
    free(p->name);
    free(p->version);
    free(p->arch);
    free(p->source);
    free(p->status);
    memset(p, 0, sizeof *p);
}

static char *trimdup(const char *s, size_t n)
{
    while (n && (*s == ' ' || *s == '\t')) s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r')) n--;
    return dg_xstrndup(s, n);
}

static int para_end(struct para *p, bool require_status, const char *file, struct pkg_inventory *inv,
                    struct dg_error *err)
{
    int rc = 0;
    if (!p->name && !p->version) goto out;
    if (require_status && (!p->status || strcmp(p->status, "install ok installed") != 0)) goto out;
    if (!p->name || !p->version || !*p->name || !*p->version) {
        rc = dg_error_at(err, DG_ERR_PARSE, file, p->line, "package paragraph without %s",
                         p->name && *p->name ? "Version" : "Package");
        goto out;
    }
    if (inv->n >= PKG_MAX_PACKAGES) {
        rc = dg_error_at(err, DG_ERR_LIMIT, file, p->line, "more than %d packages", PKG_MAX_PACKAGES);
        goto out;
    }
    struct pkg *k = pkg_inventory_add(inv);
    k->type = PKG_DEB;
    k->name = p->name, p->name = NULL;
    k->version = p->version, p->version = NULL;
    k->arch = p->arch, p->arch = NULL;
    if (p->source) {
        /* "Source: name" or "Source: name (version)". */
        char *sp = strchr(p->source, ' ');
        if (sp) {
            char *open = strchr(sp, '('), *close = open ? strchr(open, ')') : NULL;
            if (open && close && close > open + 1) k->source_version = trimdup(open + 1, (size_t)(close - open - 1));
            *sp = '\0';
        }
        if (strcmp(p->source, k->name) != 0 || k->source_version) k->source = dg_xstrdup(p->source);
        else {
            free(k->source_version);
            k->source_version = NULL;
        }
    }
out:
    para_clear(p);
    return rc;
}

int pkgdb_dpkg_parse(const char *buf, size_t len, const char *file, bool require_status, struct pkg_inventory *inv,
                     struct dg_error *err)
{
    if (len > PKGDB_MAX_BYTES) return dg_error_set(err, DG_ERR_LIMIT, "%s: database larger than %u bytes", file, PKGDB_MAX_BYTES);
    struct para p = {0};
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
            rc = para_end(&p, require_status, file, inv, err);
            continue;
        }
        if (memchr(s, '\0', n)) {
            rc = dg_error_at(err, DG_ERR_PARSE, file, line, "NUL byte in a text database");
            break;
        }
        if (s[0] == ' ' || s[0] == '\t') continue;   /* continuation of a multi-line field */
        const char *colon = memchr(s, ':', n);
        if (!colon) {
            rc = dg_error_at(err, DG_ERR_PARSE, file, line, "line is neither a field nor a continuation");
            break;
        }
        size_t klen = (size_t)(colon - s), vlen = n - klen - 1;
        if (vlen > PKG_MAX_FIELD) {
            rc = dg_error_at(err, DG_ERR_LIMIT, file, line, "field longer than %d bytes", PKG_MAX_FIELD);
            break;
        }
        char **slot = NULL;
        if (klen == 7 && strncmp(s, "Package", 7) == 0) slot = &p.name;
        else if (klen == 7 && strncmp(s, "Version", 7) == 0) slot = &p.version;
        else if (klen == 12 && strncmp(s, "Architecture", 12) == 0) slot = &p.arch;
        else if (klen == 6 && strncmp(s, "Source", 6) == 0) slot = &p.source;
        else if (klen == 6 && strncmp(s, "Status", 6) == 0) slot = &p.status;
        if (!slot) continue;
        if (!p.line) p.line = line;
        if (*slot) {
            rc = dg_error_at(err, DG_ERR_PARSE, file, line, "field %.*s given twice in one paragraph", (int)klen, s);
            break;
        }
        *slot = trimdup(colon + 1, vlen);
        if (!p.line) p.line = line;
    }
    if (rc == 0) rc = para_end(&p, require_status, file, inv, err);
    para_clear(&p);
    return rc;
}
