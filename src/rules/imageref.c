/* Image reference parsing and the pinning / trust / minimality questions
 * asked of every FROM, compose `image:` and `docker run IMAGE`. */
#include "rules/imageref.h"
#include "core/config.h"
#include "core/util.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

void imageref_free(struct imageref *r)
{
    if (!r) return;
    free(r->registry); free(r->path); free(r->name); free(r->tag); free(r->digest);
    memset(r, 0, sizeof *r);
}

/* A first path component names a registry when it looks like a host:
 * it has a dot or a port, or is "localhost" (the rule Docker itself uses). */
static bool looks_like_registry(const char *s, size_t n)
{
    if (n == 9 && strncmp(s, "localhost", 9) == 0) return true;
    for (size_t i = 0; i < n; i++)
        if (s[i] == '.' || s[i] == ':') return true;
    return false;
}

int imageref_parse(const char *ref, struct imageref *out)
{
    memset(out, 0, sizeof *out);
    if (!ref) return -1;
    size_t len = strlen(ref);
    if (len == 0 || len > 4096) return -1;
    for (size_t i = 0; i < len; i++)
        if (isspace((unsigned char)ref[i]) || (unsigned char)ref[i] < 0x20) return -1;
    out->has_var = strchr(ref, '$') != NULL;

    const char *at = strchr(ref, '@');
    size_t body_len = at ? (size_t)(at - ref) : len;
    if (at) {
        const char *d = at + 1;
        const char *colon = strchr(d, ':');
        if (!colon || colon == d || !colon[1] || strchr(d, '@')) goto bad;
        out->digest = dg_xstrdup(d);
    }
    if (body_len == 0) goto bad;

    /* Registry: the first component when it looks like a host. */
    const char *p = ref, *end = ref + body_len;
    const char *slash = memchr(p, '/', body_len);
    if (slash && looks_like_registry(p, (size_t)(slash - p))) {
        if (slash == p) goto bad;
        out->registry = dg_xstrndup(p, (size_t)(slash - p));
        p = slash + 1;
    }
    if (p >= end) goto bad;
    /* Tag: after the last ':' of the last component. */
    const char *last = p;
    for (const char *q = p; q < end; q++)
        if (*q == '/') last = q + 1;
    const char *colon = memchr(last, ':', (size_t)(end - last));
    const char *path_end = colon ? colon : end;
    if (colon) {
        if (colon + 1 == end) goto bad;
        out->tag = dg_xstrndup(colon + 1, (size_t)(end - colon - 1));
    }
    if (path_end == p || path_end == last) goto bad;
    /* Empty components ("a//b", trailing "/") are not references. */
    for (const char *q = p; q + 1 < path_end; q++)
        if (q[0] == '/' && q[1] == '/') goto bad;
    if (p[0] == '/') goto bad;
    out->path = dg_xstrndup(p, (size_t)(path_end - p));
    out->name = dg_xstrndup(last, (size_t)(path_end - last));
    out->scratch = !out->registry && strcmp(out->path, "scratch") == 0 && !out->tag && !out->digest;
    return 0;
bad:
    imageref_free(out);
    return -1;
}

bool imageref_is_pinned(const struct imageref *r)
{
    return r->scratch || r->digest != NULL;
}

bool imageref_is_unpinned_tag(const struct imageref *r)
{
    if (r->scratch || r->digest) return false;
    return !r->tag || strcmp(r->tag, "latest") == 0;
}

static bool hub_registry(const char *reg)
{
    return !reg || strcmp(reg, "docker.io") == 0 || strcmp(reg, "index.docker.io") == 0 ||
           strcmp(reg, "registry-1.docker.io") == 0;
}

bool imageref_is_official(const struct imageref *r)
{
    if (r->scratch || !hub_registry(r->registry) || !r->path) return false;
    return !strchr(r->path, '/') || (dg_str_has_prefix(r->path, "library/") && !strchr(r->path + 8, '/'));
}

char *imageref_repository(const struct imageref *r)
{
    if (!r->path) return dg_xstrdup("");
    return r->registry ? dg_xasprintf("%s/%s", r->registry, r->path) : dg_xstrdup(r->path);
}

bool imageref_is_trusted(const struct imageref *r, const struct dg_config *cfg)
{
    if (r->scratch || imageref_is_official(r)) return true;
    if (!cfg) return false;
    char *repo = imageref_repository(r);
    bool ok = dg_config_image_trusted(cfg, repo);
    free(repo);
    return ok;
}

/* Tags of the small variants that distribution and language images publish. */
static bool tag_is_minimal(const char *tag)
{
    static const char *const marks[] = {"slim", "alpine", "minimal", "distroless", "busybox",
                                        "micro", "chiseled", "nanoserver", "scratch"};
    if (!tag) return false;
    for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++)
        if (dg_str_find_ci(tag, marks[i])) return true;
    return false;
}

struct full_image {
    const char *path;     /* repository path, Docker Hub form */
    const char *hint;
};

static const struct full_image full_images[] = {
    {"ubuntu", "a -slim, alpine or distroless image, or chisel-built Ubuntu"},
    {"debian", "debian:<release>-slim, alpine, distroless or scratch"},
    {"centos", "a UBI minimal/micro image, alpine or distroless (CentOS Linux is also end-of-life)"},
    {"fedora", "fedora-minimal, a UBI minimal/micro image, alpine or distroless"},
    {"rockylinux", "rockylinux:<version>-minimal, alpine or distroless"},
    {"almalinux", "almalinux:<version>-minimal, alpine or distroless"},
    {"oraclelinux", "oraclelinux:<version>-slim, alpine or distroless"},
    {"amazonlinux", "a multi-stage build onto distroless or scratch"},
    {"opensuse/leap", "registry.suse.com/bci/bci-micro, alpine or distroless"},
    {"opensuse/tumbleweed", "registry.suse.com/bci/bci-micro, alpine or distroless"},
    {"archlinux", "alpine, distroless or scratch"},
    {"kalilinux/kali-rolling", "alpine, distroless or scratch"},
    {"buildpack-deps", "a -slim or alpine runtime image; buildpack-deps is meant for building"},
    {"python", "python:<version>-slim or -alpine, or a distroless Python image"},
    {"node", "node:<version>-slim or -alpine, or a distroless Node.js image"},
    {"ruby", "ruby:<version>-slim or -alpine"},
    {"perl", "perl:<version>-slim"},
    {"php", "php:<version>-fpm-alpine or -cli-alpine"},
    {"golang", "a multi-stage build that copies the binary into distroless or scratch"},
    {"rust", "a multi-stage build that copies the binary into distroless or scratch"},
    {"gcc", "a multi-stage build that copies the binary into distroless or scratch"},
    {"openjdk", "a JRE-only image (eclipse-temurin:<version>-jre-alpine) or distroless Java"},
    {"maven", "a multi-stage build onto a JRE-only image"},
    {"gradle", "a multi-stage build onto a JRE-only image"},
    {"elixir", "a multi-stage release onto alpine or debian-slim"},
    {"erlang", "erlang:<version>-slim or -alpine"},
};

const char *imageref_minimal_hint(const struct imageref *r)
{
    if (!r->path || r->scratch || r->has_var || !hub_registry(r->registry)) return NULL;
    const char *path = r->path;
    if (dg_str_has_prefix(path, "library/")) path += 8;
    /* The repository first: most are not in the list, and its test is
     * cheaper than the tag's case-insensitive searches. */
    for (size_t i = 0; i < sizeof full_images / sizeof full_images[0]; i++)
        if (strcmp(path, full_images[i].path) == 0) return tag_is_minimal(r->tag) ? NULL : full_images[i].hint;
    return NULL;
}
