/* SBOM writers (CycloneDX 1.5, SPDX 2.3, both JSON via jansson) and package
 * URL construction following the purl specification: components are
 * percent-encoded except unreserved characters; a deb version keeps its
 * ':' epoch as the spec allows it unencoded, an rpm epoch becomes the epoch
 * qualifier. */
#include "image/sbom.h"
#include "core/util.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void enc(struct dg_buf *b, const char *s, bool keep_colon)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        unsigned char c = *p;
        bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                     c == '-' || c == '_' || c == '~' || (keep_colon && c == ':');
        if (plain) dg_buf_printf(b, "%c", c);
        else dg_buf_printf(b, "%%%c%c", hex[c >> 4], hex[c & 15]);
    }
}

/* "3.19.1" -> "3.19": apk distro qualifiers name the release branch. */
static char *major_minor(const char *v)
{
    const char *d = strchr(v, '.');
    d = d ? strchr(d + 1, '.') : NULL;
    return d ? dg_xstrndup(v, (size_t)(d - v)) : dg_xstrdup(v);
}

char *sbom_purl(const struct pkg *p, const struct os_info *os)
{
    struct dg_buf b;
    dg_buf_init(&b, 0);
    const char *ns = p->type == PKG_DEB ? "debian" : p->type == PKG_APK ? "alpine" : "redhat";
    if (os->id && *os->id) ns = os->id;
    dg_buf_printf(&b, "pkg:%s/", pkg_type_name(p->type));
    enc(&b, ns, false);
    dg_buf_printf(&b, "/");
    enc(&b, p->name, false);
    dg_buf_printf(&b, "@");
    /* rpm purls carry the epoch as a qualifier, not in the version. */
    const char *ver = p->version, *epoch = NULL;
    size_t elen = 0;
    if (p->type == PKG_RPM) {
        size_t d = strspn(ver, "0123456789");
        if (d && ver[d] == ':') {
            epoch = ver;
            elen = d;
            ver += d + 1;
        }
    }
    enc(&b, ver, true);
    char sep = '?';
    if (p->arch) {
        dg_buf_printf(&b, "%carch=", sep);
        enc(&b, p->arch, false);
        sep = '&';
    }
    if (epoch) {
        dg_buf_printf(&b, "%cepoch=%.*s", sep, (int)elen, epoch);
        sep = '&';
    }
    if (os->version_id && *os->version_id) {
        char *v = p->type == PKG_APK ? major_minor(os->version_id) : dg_xstrdup(os->version_id);
        dg_buf_printf(&b, "%cdistro=", sep);
        enc(&b, ns, false);
        dg_buf_printf(&b, "-");
        enc(&b, v, false);
        free(v);
        sep = '&';
    }
    if (p->source && p->type != PKG_APK) {
        dg_buf_printf(&b, "%cupstream=", sep);
        enc(&b, p->source, false);
    }
    return dg_buf_steal(&b);
}

static char *now_iso(void)
{
    char t[32];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(t, sizeof t, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return dg_xstrdup(t);
}

static int dump(FILE *out, json_t *doc, struct dg_error *err)
{
    int rc = json_dumpf(doc, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(doc);
    if (rc != 0 || fputc('\n', out) == EOF) return dg_error_set(err, DG_ERR_IO, "cannot write the SBOM");
    return 0;
}

int sbom_write_cyclonedx(FILE *out, const char *image, const struct pkg_inventory *inv, struct dg_error *err)
{
    char *ts = now_iso();
    json_t *comps = json_array();
    for (size_t i = 0; i < inv->n; i++) {
        const struct pkg *p = &inv->pkgs[i];
        char *purl = sbom_purl(p, &inv->os);
        json_t *c = json_pack("{s:s, s:s, s:s, s:s, s:s}", "type", "library", "bom-ref", purl, "name", p->name,
                              "version", p->version, "purl", purl);
        json_array_append_new(comps, c);
        free(purl);
    }
    json_t *meta = json_pack("{s:s, s:{s:[{s:s, s:s}]}, s:{s:s, s:s, s:s}}", "timestamp", ts, "tools", "components",
                             "type", "application", "name", "dockguard", "component", "type", "container", "bom-ref",
                             image, "name", image);
    if (inv->os.id) {
        json_t *osc = json_pack("{s:s, s:s, s:s}", "type", "operating-system", "name", inv->os.id, "version",
                                inv->os.version_id ? inv->os.version_id : "");
        json_array_insert_new(comps, 0, osc);
    }
    json_t *doc = json_pack("{s:s, s:s, s:i, s:o, s:o}", "bomFormat", "CycloneDX", "specVersion", "1.5", "version", 1,
                            "metadata", meta, "components", comps);
    free(ts);
    return dump(out, doc, err);
}

int sbom_write_spdx(FILE *out, const char *image, const struct pkg_inventory *inv, struct dg_error *err)
{
    char *ts = now_iso();
    json_t *pkgs = json_array(), *rels = json_array();
    json_array_append_new(pkgs, json_pack("{s:s, s:s, s:s, s:b, s:s}", "name", image, "SPDXID", "SPDXRef-Image",
                                          "downloadLocation", "NOASSERTION", "filesAnalyzed", 0, "primaryPackagePurpose",
                                          "CONTAINER"));
    json_array_append_new(rels, json_pack("{s:s, s:s, s:s}", "spdxElementId", "SPDXRef-DOCUMENT", "relationshipType",
                                          "DESCRIBES", "relatedSpdxElement", "SPDXRef-Image"));
    for (size_t i = 0; i < inv->n; i++) {
        const struct pkg *p = &inv->pkgs[i];
        char *purl = sbom_purl(p, &inv->os);
        char *id = dg_xasprintf("SPDXRef-Package-%zu", i + 1);
        json_array_append_new(
            pkgs, json_pack("{s:s, s:s, s:s, s:s, s:b, s:[{s:s, s:s, s:s}]}", "name", p->name, "SPDXID", id,
                            "versionInfo", p->version, "downloadLocation", "NOASSERTION", "filesAnalyzed", 0,
                            "externalRefs", "referenceCategory", "PACKAGE-MANAGER", "referenceType", "purl",
                            "referenceLocator", purl));
        json_array_append_new(rels, json_pack("{s:s, s:s, s:s}", "spdxElementId", "SPDXRef-Image", "relationshipType",
                                              "CONTAINS", "relatedSpdxElement", id));
        free(id);
        free(purl);
    }
    /* The namespace must be unique per document: image plus time. */
    struct dg_buf ns;
    dg_buf_init(&ns, 0);
    dg_buf_printf(&ns, "https://dockguard.invalid/spdx/");
    enc(&ns, image, false);
    dg_buf_printf(&ns, "-%s", ts);
    char *nss = dg_buf_steal(&ns);
    json_t *doc = json_pack("{s:s, s:s, s:s, s:s, s:s, s:{s:s, s:[s]}, s:o, s:o}", "spdxVersion", "SPDX-2.3",
                            "dataLicense", "CC0-1.0", "SPDXID", "SPDXRef-DOCUMENT", "name", image, "documentNamespace",
                            nss, "creationInfo", "created", ts, "creators", "Tool: dockguard", "packages", pkgs,
                            "relationships", rels);
    free(nss);
    free(ts);
    return dump(out, doc, err);
}
