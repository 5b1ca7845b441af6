/* The image filesystem model: per-layer entry lists, path normalisation,
 * layer application with whiteouts and opaque folders, and the content
 * classifier that turns a file's first bytes into facts for the rules. */
#include "image/fs.h"
#include "core/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- arena ---------------------------------------------------------- */

struct fs_arena_chunk {
    struct fs_arena_chunk *next;
    size_t used, cap;
    char data[];
};

#define ARENA_CHUNK (1u << 20)

const char *fs_arena_strdup(struct fs_arena *a, const char *s, size_t n)
{
    struct fs_arena_chunk *c = a->head;
    if (!c || c->cap - c->used < n + 1) {
        size_t cap = n + 1 > ARENA_CHUNK ? n + 1 : ARENA_CHUNK;
        c = dg_xmalloc(sizeof *c + cap);
        c->used = 0;
        c->cap = cap;
        c->next = a->head;
        a->head = c;
    }
    char *p = c->data + c->used;
    memcpy(p, s, n);
    p[n] = '\0';
    c->used += n + 1;
    a->used_total += n + 1;
    return p;
}

void fs_arena_free(struct fs_arena *a)
{
    struct fs_arena_chunk *c = a->head;
    while (c) {
        struct fs_arena_chunk *next = c->next;
        free(c);
        c = next;
    }
    a->head = NULL;
    a->used_total = 0;
}

/* ---- layers --------------------------------------------------------- */

void fs_layer_free(struct fs_layer *l)
{
    if (!l) return;
    free(l->entries);
    for (size_t i = 0; i < l->nsecrets; i++) free(l->secrets[i].evidence);
    free(l->secrets);
    for (size_t i = 0; i < l->nanomalies; i++) {
        free(l->anomalies[i].path);
        free(l->anomalies[i].detail);
    }
    free(l->anomalies);
    memset(l, 0, sizeof *l);
}

struct fs_entry *fs_layer_add(struct fs_layer *l)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 64;
        l->entries = dg_xrealloc(l->entries, l->cap * sizeof *l->entries);
    }
    struct fs_entry *e = &l->entries[l->n];
    memset(e, 0, sizeof *e);
    e->index = (uint32_t)l->n;
    e->hidden_by = -1;
    l->n++;
    return e;
}

/* Anomalies are for people to read: a hostile layer with a million bad
 * names should not cost a million records. */
#define MAX_ANOMALIES_PER_LAYER 64

void fs_layer_add_anomaly(struct fs_layer *l, enum fs_anomaly_kind kind, const char *path, const char *detail)
{
    if (l->nanomalies >= MAX_ANOMALIES_PER_LAYER) {
        l->dropped_anomalies++;
        return;
    }
    if (l->nanomalies == l->cap_anomalies) {
        l->cap_anomalies = l->cap_anomalies ? l->cap_anomalies * 2 : 4;
        l->anomalies = dg_xrealloc(l->anomalies, l->cap_anomalies * sizeof *l->anomalies);
    }
    struct fs_anomaly *a = &l->anomalies[l->nanomalies++];
    a->kind = (uint8_t)kind;
    a->path = dg_xstrdup(path ? path : "");
    a->detail = detail ? dg_xstrdup(detail) : NULL;
}

/* ---- paths ---------------------------------------------------------- */

int fs_path_normalize(const char *name, char *out, bool *absolute)
{
    size_t o = 0;
    const char *p = name;
    *absolute = false;
    if (*p == '/') *absolute = true;
    while (*p) {
        while (*p == '/') p++;
        if (!*p) break;
        size_t n = strcspn(p, "/");
        if (n == 1 && p[0] == '.') {
            p += n;
            continue;
        }
        if (n == 2 && p[0] == '.' && p[1] == '.') return -1;
        if (o) out[o++] = '/';
        memcpy(out + o, p, n);
        o += n;
        p += n;
    }
    out[o] = '\0';
    return (int)o;
}

char *fs_path_escape(const char *path)
{
    struct dg_buf b;
    dg_buf_init(&b, 0);
    const unsigned char *s = (const unsigned char *)path;
    while (*s) {
        unsigned c = *s;
        size_t len = 0;
        if (c >= 0x20 && c < 0x7f) len = 1;
        else if (c >= 0xc2 && c <= 0xdf) len = 2;
        else if (c >= 0xe0 && c <= 0xef) len = 3;
        else if (c >= 0xf0 && c <= 0xf4) len = 4;
        bool ok = len > 0;
        for (size_t k = 1; ok && k < len; k++)
            if ((s[k] & 0xc0) != 0x80) ok = false;
        /* Reject overlong and surrogate forms so escaping is unambiguous. */
        if (ok && len == 3 && ((c == 0xe0 && s[1] < 0xa0) || (c == 0xed && s[1] >= 0xa0))) ok = false;
        if (ok && len == 4 && ((c == 0xf0 && s[1] < 0x90) || (c == 0xf4 && s[1] >= 0x90))) ok = false;
        if (ok && c == '\\') {
            dg_buf_puts(&b, "\\\\");
            s++;
            continue;
        }
        if (ok) {
            dg_buf_append(&b, s, len);
            s += len;
        } else {
            dg_buf_printf(&b, "\\x%02x", c);
            s++;
        }
    }
    if (!b.data) dg_buf_puts(&b, "");
    return dg_buf_steal(&b);
}

/* ---- building the final filesystem --------------------------------- */

/* Every entry of every layer, sorted by path, then layer, then position in
 * the layer: what each layer did to a path is one contiguous group. Paths
 * that can hide a whole subtree (whiteouts, opaque markers, and non-folders
 * that have entries below them in some layer) are copied to a small second
 * sorted list that ancestors are looked up in. No hash table and no
 * per-path allocation: memory is 16 bytes per entry while building. */
struct fs_ref {
    struct fs_entry *e;
    uint32_t layer;
};

#define FS_MAX_PATHS (1u << 22)

static int ref_cmp(const void *a, const void *b)
{
    const struct fs_ref *x = a, *y = b;
    int c = strcmp(x->e->path, y->e->path);
    if (c) return c;
    if (x->layer != y->layer) return x->layer < y->layer ? -1 : 1;
    return x->e < y->e ? -1 : x->e > y->e;
}

static bool is_marker(const struct fs_entry *e)
{
    return e->type == FS_WHITEOUT || e->type == FS_OPAQUE;
}

/* First ref whose path is >= key (length n, not NUL-terminated in key). */
static size_t lower_bound(const struct fs_ref *r, size_t n, const char *key, size_t klen)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const char *p = r[mid].e->path;
        int c = strncmp(p, key, klen);
        if (c == 0 && p[klen] != '\0') c = 1;
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

static bool has_descendants(const struct fs_ref *r, size_t n, const char *path)
{
    size_t len = strlen(path);
    char *key = dg_xmalloc(len + 2);
    memcpy(key, path, len);
    key[len] = '/';
    key[len + 1] = '\0';
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(r[mid].e->path, key) < 0) lo = mid + 1;
        else hi = mid;
    }
    bool yes = lo < n && strncmp(r[lo].e->path, key, len + 1) == 0;
    free(key);
    return yes;
}

static void min_layer(int *best, int l)
{
    if (*best < 0 || l < *best) *best = l;
}

static int entry_fate(const struct fs_ref *group, size_t ng, const struct fs_ref *self, const struct fs_ref *hiders,
                      size_t nh, bool *merged)
{
    int best = -1;
    const struct fs_entry *e = self->e;
    uint32_t li = self->layer;
    bool is_dir = e->type == FS_DIR;
    *merged = false;
    for (size_t k = 0; k < ng; k++) {
        const struct fs_ref *r = &group[k];
        bool later = r->layer > li || (r->layer == li && r->e > e);
        if (!later) continue;
        if (r->e->type == FS_WHITEOUT) {
            if (r->layer > li) min_layer(&best, (int)r->layer);
        } else if (r->e->type == FS_OPAQUE) {
            /* An opaque marker hides what is below the folder, not the folder. */
        } else if (r->e->type == FS_DIR && is_dir) {
            *merged = true;
        } else {
            min_layer(&best, (int)r->layer);
        }
    }
    if (!nh) return best;
    size_t plen = strlen(e->path);
    for (size_t i = 1; i < plen; i++) {
        if (e->path[i] != '/') continue;
        size_t at = lower_bound(hiders, nh, e->path, i);
        for (; at < nh; at++) {
            const char *hp = hiders[at].e->path;
            if (strncmp(hp, e->path, i) != 0 || hp[i] != '\0') break;
            if (hiders[at].layer > li) min_layer(&best, (int)hiders[at].layer);
        }
    }
    return best;
}

void fs_image_clear(struct fs_image *img)
{
    free(img->final);
    img->final = NULL;
    img->nfinal = 0;
}

int fs_build(struct fs_image *img)
{
    fs_image_clear(img);
    size_t total = 0;
    for (size_t li = 0; li < img->nlayers; li++)
        if (img->layers[li]) total += img->layers[li]->n;
    if (total > FS_MAX_PATHS) return -1;
    if (!total) return 0;
    struct fs_ref *refs = dg_xmalloc(total * sizeof *refs);
    size_t n = 0;
    for (size_t li = 0; li < img->nlayers; li++) {
        struct fs_layer *l = img->layers[li];
        if (!l) continue;
        for (size_t k = 0; k < l->n; k++) refs[n++] = (struct fs_ref){&l->entries[k], (uint32_t)li};
    }
    qsort(refs, n, sizeof *refs, ref_cmp);
    /* Subtree hiders, in path order. */
    struct fs_ref *hiders = NULL;
    size_t nh = 0, caph = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        bool nondir = false;
        while (j < n && strcmp(refs[j].e->path, refs[i].e->path) == 0) {
            if (!is_marker(refs[j].e) && refs[j].e->type != FS_DIR) nondir = true;
            j++;
        }
        bool desc = nondir && has_descendants(refs, n, refs[i].e->path);
        for (size_t k = i; k < j; k++) {
            const struct fs_entry *e = refs[k].e;
            bool hides = is_marker(e) ? e->type == FS_WHITEOUT || e->type == FS_OPAQUE
                                      : (desc && e->type != FS_DIR);
            if (!hides) continue;
            if (nh == caph) {
                caph = caph ? caph * 2 : 16;
                hiders = dg_xrealloc(hiders, caph * sizeof *hiders);
            }
            hiders[nh++] = refs[k];
        }
        i = j;
    }
    size_t cap = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && strcmp(refs[j].e->path, refs[i].e->path) == 0) j++;
        for (size_t k = i; k < j; k++) {
            struct fs_entry *e = refs[k].e;
            e->final = false;
            e->hidden_by = -1;
            if (is_marker(e)) continue;
            bool merged;
            int h = entry_fate(refs + i, j - i, &refs[k], hiders, nh, &merged);
            e->hidden_by = (int16_t)h;
            if (h < 0 && !merged) {
                e->final = true;
                if (img->nfinal == cap) {
                    cap = cap ? cap * 2 : 256;
                    img->final = dg_xrealloc(img->final, cap * sizeof *img->final);
                }
                img->final[img->nfinal++] = e;
            }
        }
        i = j;
    }
    free(hiders);
    free(refs);
    return 0;
}

const struct fs_entry *fs_lookup(const struct fs_image *img, const char *path)
{
    size_t lo = 0, hi = img->nfinal;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(img->final[mid]->path, path);
        if (c == 0) return img->final[mid];
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    return NULL;
}

const char *fs_layer_label(const struct fs_image *img, size_t layer, char *buf, size_t n)
{
    const char *d = (img->layer_digest && layer < img->nlayers) ? img->layer_digest[layer] : NULL;
    if (d && strncmp(d, "sha256:", 7) == 0)
        snprintf(buf, n, "layer %zu/%zu (sha256:%.12s)", layer + 1, img->nlayers, d + 7);
    else
        snprintf(buf, n, "layer %zu/%zu", layer + 1, img->nlayers);
    return buf;
}

/* ---- content classification ---------------------------------------- */

static bool has_component(const char *path, const char *comp)
{
    size_t n = strlen(comp);
    const char *p = path;
    while ((p = strstr(p, comp))) {
        bool start = p == path || p[-1] == '/';
        bool end = p[n] == '/' || p[n] == '\0';
        if (start && end) return true;
        p += n;
    }
    return false;
}

bool fs_content_wanted(const char *path)
{
    const char *b = dg_path_base(path);
    if (strcmp(b, ".npmrc") == 0 || strcmp(b, "credentials") == 0 || strcmp(b, ".netrc") == 0 ||
        strcmp(b, "_netrc") == 0 || strcmp(b, ".pypirc") == 0 || strcmp(b, "config") == 0 ||
        strcmp(b, "config.json") == 0 || strcmp(b, "kubeconfig") == 0 || dg_str_has_suffix(b, ".kubeconfig") ||
        strcmp(b, ".env") == 0 || dg_str_has_prefix(b, ".env.") || strcmp(b, ".git-credentials") == 0 ||
        strcmp(b, ".pgpass") == 0)
        return true;
    if (strcmp(path, "etc/shadow") == 0) return true;
    return false;
}

/* A line-oriented view of a buffer. */
static bool next_line(const char **p, const char *end, const char **ls, size_t *ln)
{
    if (*p >= end) return false;
    const char *s = *p;
    const char *nl = memchr(s, '\n', (size_t)(end - s));
    const char *e = nl ? nl : end;
    *ls = s;
    *ln = (size_t)(e - s);
    *p = nl ? nl + 1 : end;
    return true;
}

static void trim(const char **s, size_t *n)
{
    while (*n && (**s == ' ' || **s == '\t')) { (*s)++; (*n)--; }
    while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t' || (*s)[*n - 1] == '\r')) (*n)--;
}

/* "key = value" / "key: value" with a non-empty value for a key in keys. */
static bool kv_with_value(const char *ls, size_t ln, const char *const *keys, bool substring)
{
    /* npmrc keys hold ':' themselves ("//registry/:_authToken=..."): '=' wins
     * when present. */
    const char *sep = memchr(ls, '=', ln);
    if (!sep) sep = memchr(ls, ':', ln);
    if (!sep) return false;
    const char *k = ls;
    size_t kn = (size_t)(sep - ls);
    trim(&k, &kn);
    const char *v = sep + 1;
    size_t vn = ln - (size_t)(v - ls);
    trim(&v, &vn);
    if (vn >= 2 && (v[0] == '"' || v[0] == '\'') && v[vn - 1] == v[0]) { v++; vn -= 2; }
    if (!vn) return false;
    for (size_t i = 0; keys[i]; i++) {
        size_t n = strlen(keys[i]);
        if (substring) {
            for (size_t j = 0; j + n <= kn; j++)
                if (strncmp(k + j, keys[i], n) == 0) return true;
        } else if (kn == n && strncmp(k, keys[i], n) == 0) {
            return true;
        }
    }
    return false;
}

static bool starts_with_private_key(const char *buf, size_t len)
{
    size_t i = 0;
    /* Allow a UTF-8 BOM and leading blank lines. */
    if (len >= 3 && (unsigned char)buf[0] == 0xef && (unsigned char)buf[1] == 0xbb && (unsigned char)buf[2] == 0xbf) i = 3;
    while (i < len && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\r' || buf[i] == '\n')) i++;
    static const char begin[] = "-----BEGIN ";
    if (len - i < sizeof begin - 1 || memcmp(buf + i, begin, sizeof begin - 1) != 0) return false;
    const char *eol = memchr(buf + i, '\n', len - i);
    size_t n = eol ? (size_t)(eol - (buf + i)) : len - i;
    if (n > 80) return false;
    char line[96];
    memcpy(line, buf + i, n);
    line[n] = '\0';
    return strstr(line, "PRIVATE KEY-----") != NULL;
}

uint32_t fs_content_classify(const char *path, const char *buf, size_t len)
{
    uint32_t f = 0;
    size_t probe = len < 8192 ? len : 8192;
    if (memchr(buf, '\0', probe)) return FS_C_BINARY;
    if (starts_with_private_key(buf, len)) f |= FS_C_PRIVATE_KEY;
    const char *b = dg_path_base(path);
    const char *end = buf + len, *p = buf, *ls;
    size_t ln;
    bool docker_cfg = strcmp(b, "config.json") == 0 && has_component(path, ".docker");
    bool kube = strcmp(b, "kubeconfig") == 0 || dg_str_has_suffix(b, ".kubeconfig") ||
                (strcmp(b, "config") == 0 && has_component(path, ".kube"));
    bool aws = strcmp(b, "credentials") == 0 && has_component(path, ".aws");
    bool netrc = strcmp(b, ".netrc") == 0 || strcmp(b, "_netrc") == 0;
    bool shadow = strcmp(path, "etc/shadow") == 0;
    bool seen_auths = false;
    while (next_line(&p, end, &ls, &ln)) {
        const char *t = ls;
        size_t tn = ln;
        trim(&t, &tn);
        if (tn && t[0] != '#' && t[0] != ';') f |= FS_C_NONEMPTY_TEXT;
        if (!tn) continue;
        if (strcmp(b, ".npmrc") == 0) {
            static const char *const k[] = {"_authToken", "_auth", "_password", NULL};
            if (kv_with_value(t, tn, k, true)) f |= FS_C_NPM_TOKEN;
        }
        if (aws) {
            static const char *const k[] = {"aws_secret_access_key", "aws_session_token", NULL};
            if (kv_with_value(t, tn, k, false)) f |= FS_C_AWS_SECRET;
        }
        if (strcmp(b, ".pypirc") == 0) {
            static const char *const k[] = {"password", NULL};
            if (kv_with_value(t, tn, k, false)) f |= FS_C_PYPI_PASS;
        }
        if (kube) {
            static const char *const k[] = {"token", "client-key-data", "client-key", "password",
                                            "id-token", "refresh-token", NULL};
            if (kv_with_value(t, tn, k, false)) f |= FS_C_KUBE_CRED;
        }
        if (netrc) {
            /* netrc tokens: "machine h login u password p", on one or many lines. */
            for (size_t i = 0; i + 8 < tn; i++)
                if ((i == 0 || t[i - 1] == ' ' || t[i - 1] == '\t') && strncmp(t + i, "password", 8) == 0 &&
                    (t[i + 8] == ' ' || t[i + 8] == '\t')) {
                    f |= FS_C_NETRC_PASS;
                    break;
                }
        }
        if (docker_cfg) {
            /* JSON, but a line view is enough for the common pretty-printed and
             * one-line forms: "auths" followed by an "auth": "<non-empty>". */
            const char *s = t;
            size_t sn = tn;
            for (size_t i = 0; i + 7 <= sn; i++) {
                if (strncmp(s + i, "\"auths\"", 7) == 0) seen_auths = true;
                if (seen_auths && i + 6 <= sn && strncmp(s + i, "\"auth\"", 6) == 0) {
                    size_t j = i + 6;
                    while (j < sn && (s[j] == ' ' || s[j] == ':' || s[j] == '\t')) j++;
                    if (j + 1 < sn && s[j] == '"' && s[j + 1] != '"') f |= FS_C_DOCKER_AUTH;
                }
            }
        }
        if (shadow) {
            /* name:password:...; an empty password field lets anyone log in. */
            const char *c1 = memchr(t, ':', tn);
            if (c1 && (size_t)(c1 - t) + 1 < tn && c1[1] == ':') f |= FS_C_SHADOW_EMPTY;
        }
    }
    return f;
}

void fs_where(const struct fs_image *img, size_t li, const struct fs_entry *e, char *buf, size_t n)
{
    char a[96], b[96];
    fs_layer_label(img, li, a, sizeof a);
    if (e->hidden_by < 0) {
        snprintf(buf, n, "in %s", a);
    } else if ((size_t)e->hidden_by == li) {
        snprintf(buf, n, "in %s, replaced by a later copy in the same layer", a);
    } else {
        fs_layer_label(img, (size_t)e->hidden_by, b, sizeof b);
        snprintf(buf, n, "still shipped in %s, hidden by %s", a, b);
    }
}

const struct fs_entry *fs_layer_find(const struct fs_layer *l, uint32_t index)
{
    /* Entries are in tar order: their positions increase. */
    size_t lo = 0, hi = l->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (l->entries[mid].index < index) lo = mid + 1;
        else hi = mid;
    }
    return lo < l->n && l->entries[lo].index == index ? &l->entries[lo] : NULL;
}
