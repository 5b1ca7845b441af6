/* Merging compose files and `extends`, following the Compose Specification's
 * merge rules: mappings merge key by key, most sequences append, some merge
 * by a key (volumes by target, environment/labels/sysctls by name), command
 * and entrypoint and healthcheck.test replace, and the `!reset` and
 * `!override` tags drop or replace a value. New nodes are made in the
 * project arena; the parsed inputs are never changed, since anchors may
 * share them. */
#include "compose/internal.h"
#include "core/error.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>

static struct ynode *node_like(struct compose_project *p, enum ytype t, const struct ynode *like, size_t cap)
{
    struct ynode *n = ya_alloc(&p->arena, sizeof *n);
    n->type = t;
    n->file = like->file;
    n->line = like->line;
    n->col = like->col;
    n->weight = 1;
    p->work += cap + 1;
    if (t == Y_MAP) n->pairs = ya_alloc(&p->arena, (cap ? cap : 1) * sizeof *n->pairs);
    else if (t == Y_SEQ) n->items = ya_alloc(&p->arena, (cap ? cap : 1) * sizeof *n->items);
    return n;
}

static bool sk(const struct ynode *k, const char *s)
{
    size_t l = strlen(s);
    return k->len == l && memcmp(k->s, s, l) == 0;
}

static bool tagged(const struct ynode *n, const char *tag)
{
    return n && n->tag && strcmp(n->tag, tag) == 0;
}

/* String -> index table, so that merging two lists or mappings of n and m
 * entries costs O(n + m) and a hostile file cannot make it quadratic. */
struct sidx {
    struct sent {
        const char *s;
        size_t len, idx;   /* idx SIZE_MAX = removed */
        bool used;
    } *t;
    size_t mask;
};

static void sidx_init(struct sidx *x, size_t n)
{
    size_t cap = 16;
    while (cap < n * 2 + 2) cap <<= 1;
    x->t = dg_xcalloc(cap, sizeof *x->t);
    x->mask = cap - 1;
}

static size_t sidx_hash(const char *s, size_t n)
{
    size_t h = (size_t)1469598103934665603ull;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * (size_t)1099511628211ull;
    return h;
}

static struct sent *sidx_slot(const struct sidx *x, const char *s, size_t len)
{
    size_t h = sidx_hash(s, len) & x->mask;
    while (x->t[h].used && !(x->t[h].len == len && memcmp(x->t[h].s, s, len) == 0)) h = (h + 1) & x->mask;
    return &x->t[h];
}

static size_t sidx_get(const struct sidx *x, const char *s, size_t len)
{
    const struct sent *e = sidx_slot(x, s, len);
    return e->used ? e->idx : SIZE_MAX;
}

/* The table must have been sized for every key put into it. */
static void sidx_put(struct sidx *x, const char *s, size_t len, size_t idx)
{
    struct sent *e = sidx_slot(x, s, len);
    e->used = true;
    e->s = s;
    e->len = len;
    e->idx = idx;
}

static void sidx_free(struct sidx *x)
{
    free(x->t);
    x->t = NULL;
}

/* A string becomes a one-item list (env_file: a.env, tmpfs: /run). */
static struct ynode *as_list(struct compose_project *p, struct ynode *n)
{
    if (!n || n->type != Y_SCALAR || ynode_is_null(n)) return n;
    struct ynode *l = node_like(p, Y_SEQ, n, 1);
    l->items[0] = n;
    l->n = 1;
    return l;
}

/* "KEY=VALUE" list items become a mapping (environment, labels, sysctls). */
static struct ynode *as_map(struct compose_project *p, struct ynode *n)
{
    if (!n || n->type != Y_SEQ) return n;
    for (size_t i = 0; i < n->n; i++)
        if (n->items[i]->type != Y_SCALAR) return n; /* left as is; conversion reports the type error */
    struct ynode *m = node_like(p, Y_MAP, n, n->n);
    struct sidx ix;
    sidx_init(&ix, n->n);
    for (size_t i = 0; i < n->n; i++) {
        struct ynode *it = n->items[i];
        const char *eq = memchr(it->s, '=', it->len);
        size_t kl = eq ? (size_t)(eq - it->s) : it->len;
        struct ynode *k = node_like(p, Y_SCALAR, it, 0);
        k->s = k->raw = ya_strndup(&p->arena, it->s, kl);
        k->len = kl;
        struct ynode *v = node_like(p, Y_SCALAR, it, 0);
        if (eq) {
            v->s = ya_strndup(&p->arena, eq + 1, it->len - kl - 1);
            v->len = it->len - kl - 1;
            const char *req = strchr(it->raw, '=');
            v->raw = req ? ya_strdup(&p->arena, req + 1) : v->s;
            v->interpolated = it->interpolated;
        } else {
            v->s = v->raw = ya_strdup(&p->arena, "");
            v->plain = true; /* null: value taken from the environment */
        }
        size_t j = sidx_get(&ix, k->s, k->len);
        if (j != SIZE_MAX) {
            m->pairs[j].k = k;
            m->pairs[j].v = v;
        } else {
            sidx_put(&ix, k->s, k->len, m->n);
            m->pairs[m->n].k = k;
            m->pairs[m->n++].v = v;
        }
    }
    sidx_free(&ix);
    return m;
}

enum seqmode { SEQ_APPEND, SEQ_REPLACE };

static struct ynode *merge_value(struct compose_project *p, struct ynode *b, struct ynode *o, enum seqmode sm);

/* Key-by-key merge of two mappings. */
static struct ynode *merge_map(struct compose_project *p, struct ynode *b, struct ynode *o, enum seqmode sm,
                               struct ynode *(*per_key)(struct compose_project *, const struct ynode *,
                                                        struct ynode *, struct ynode *))
{
    struct ynode *m = node_like(p, Y_MAP, o, b->n + o->n);
    memcpy(m->pairs, b->pairs, b->n * sizeof *m->pairs);
    m->n = b->n;
    struct sidx ix;
    sidx_init(&ix, b->n + o->n);
    for (size_t i = 0; i < b->n; i++) sidx_put(&ix, b->pairs[i].k->s, b->pairs[i].k->len, i);
    bool removed = false;
    for (size_t i = 0; i < o->n; i++) {
        struct ypair op = o->pairs[i];
        size_t j = sidx_get(&ix, op.k->s, op.k->len);
        if (tagged(op.v, "!reset")) {
            if (j != SIZE_MAX) {
                m->pairs[j].k = NULL; /* removed; compacted below */
                sidx_put(&ix, op.k->s, op.k->len, SIZE_MAX);
                removed = true;
            }
            continue;
        }
        if (j == SIZE_MAX) {
            sidx_put(&ix, op.k->s, op.k->len, m->n);
            m->pairs[m->n++] = op;
            continue;
        }
        struct ynode *v = tagged(op.v, "!override") ? op.v
                          : per_key                 ? per_key(p, op.k, m->pairs[j].v, op.v)
                                                    : merge_value(p, m->pairs[j].v, op.v, sm);
        m->pairs[j].k = op.k;
        m->pairs[j].v = v;
    }
    sidx_free(&ix);
    if (removed) {
        size_t w = 0;
        for (size_t i = 0; i < m->n; i++)
            if (m->pairs[i].k) m->pairs[w++] = m->pairs[i];
        m->n = w;
    }
    return m;
}

static struct ynode *append_seq(struct compose_project *p, struct ynode *b, struct ynode *o, bool unique)
{
    struct ynode *s = node_like(p, Y_SEQ, o, b->n + o->n);
    memcpy(s->items, b->items, b->n * sizeof *s->items);
    s->n = b->n;
    if (!unique) {
        memcpy(s->items + s->n, o->items, o->n * sizeof *s->items);
        s->n += o->n;
        return s;
    }
    struct sidx ix;
    sidx_init(&ix, b->n + o->n);
    for (size_t i = 0; i < b->n; i++)
        if (b->items[i]->type == Y_SCALAR) sidx_put(&ix, b->items[i]->s, b->items[i]->len, i);
    for (size_t i = 0; i < o->n; i++) {
        struct ynode *it = o->items[i];
        if (it->type == Y_SCALAR) {
            if (sidx_get(&ix, it->s, it->len) != SIZE_MAX) continue;
            sidx_put(&ix, it->s, it->len, s->n);
        }
        s->items[s->n++] = it;
    }
    sidx_free(&ix);
    return s;
}

static struct ynode *merge_value(struct compose_project *p, struct ynode *b, struct ynode *o, enum seqmode sm)
{
    if (ynode_is_null(o) && b && b->type != Y_SCALAR) return b;
    if (b->type == Y_MAP && o->type == Y_MAP) return merge_map(p, b, o, sm, NULL);
    if (b->type == Y_SEQ && o->type == Y_SEQ && sm == SEQ_APPEND) return append_seq(p, b, o, false);
    return o;
}

/* Target path of a volume entry, for merging by target. */
static void volume_target(const struct ynode *v, const char **t, size_t *tl)
{
    *t = NULL;
    *tl = 0;
    if (v->type == Y_MAP) {
        struct ynode *tg = ymap_get(v, "target");
        if (tg && tg->type == Y_SCALAR) {
            *t = tg->s;
            *tl = tg->len;
        }
        return;
    }
    if (v->type != Y_SCALAR) return;
    const char *s = v->s;
    /* A Windows drive letter ("C:\\data:/data") is not a separator. */
    const char *c = strchr(s, ':');
    if (c == s + 1 && (c[1] == '\\' || c[1] == '/')) c = strchr(c + 1, ':');
    if (!c) {
        *t = s;
        *tl = v->len;
        return;
    }
    const char *e = strchr(c + 1, ':');
    *t = c + 1;
    *tl = e ? (size_t)(e - c - 1) : strlen(c + 1);
}

static struct ynode *merge_volumes(struct compose_project *p, struct ynode *b, struct ynode *o)
{
    struct ynode *s = node_like(p, Y_SEQ, o, b->n + o->n);
    struct sidx ix;
    sidx_init(&ix, o->n);
    for (size_t j = 0; j < o->n; j++) {
        const char *t;
        size_t l;
        volume_target(o->items[j], &t, &l);
        if (t) sidx_put(&ix, t, l, j);
    }
    for (size_t i = 0; i < b->n; i++) {
        const char *t1;
        size_t l1;
        volume_target(b->items[i], &t1, &l1);
        if (!t1 || sidx_get(&ix, t1, l1) == SIZE_MAX) s->items[s->n++] = b->items[i];
    }
    sidx_free(&ix);
    memcpy(s->items + s->n, o->items, o->n * sizeof *s->items);
    s->n += o->n;
    return s;
}

static const struct ynode *source_of_ref(const struct ynode *n)
{
    return n->type == Y_MAP ? ymap_get(n, "source") : n;
}

static struct ynode *merge_refs(struct compose_project *p, struct ynode *b, struct ynode *o)
{
    struct ynode *s = node_like(p, Y_SEQ, o, b->n + o->n);
    struct sidx ix;
    sidx_init(&ix, o->n);
    for (size_t j = 0; j < o->n; j++) {
        const struct ynode *so = source_of_ref(o->items[j]);
        if (so && so->type == Y_SCALAR) sidx_put(&ix, so->s, so->len, j);
    }
    for (size_t i = 0; i < b->n; i++) {
        const struct ynode *sb = source_of_ref(b->items[i]);
        if (!sb || sb->type != Y_SCALAR || sidx_get(&ix, sb->s, sb->len) == SIZE_MAX) s->items[s->n++] = b->items[i];
    }
    sidx_free(&ix);
    memcpy(s->items + s->n, o->items, o->n * sizeof *s->items);
    s->n += o->n;
    return s;
}

static struct ynode *as_build_map(struct compose_project *p, struct ynode *n)
{
    if (!n || n->type != Y_SCALAR || ynode_is_null(n)) return n;
    struct ynode *m = node_like(p, Y_MAP, n, 1);
    struct ynode *k = node_like(p, Y_SCALAR, n, 0);
    k->s = k->raw = ya_strdup(&p->arena, "context");
    k->len = 7;
    m->pairs[0].k = k;
    m->pairs[0].v = n;
    m->n = 1;
    return m;
}

static struct ynode *replace_value(struct compose_project *p, const struct ynode *k, struct ynode *b, struct ynode *o)
{
    (void)p; (void)k; (void)b;
    return o;
}

/* Per-key rules for a service's own keys. */
static struct ynode *merge_service_key(struct compose_project *p, const struct ynode *k, struct ynode *b,
                                       struct ynode *o)
{
    if (ynode_is_null(o)) return b->type == Y_SCALAR ? o : b;
    if (sk(k, "environment") || sk(k, "labels") || sk(k, "sysctls") || sk(k, "annotations")) {
        struct ynode *mb = as_map(p, b), *mo = as_map(p, o);
        if (mb->type == Y_MAP && mo->type == Y_MAP) return merge_map(p, mb, mo, SEQ_REPLACE, replace_value);
        return o;
    }
    if (sk(k, "command") || sk(k, "entrypoint")) return o;
    if (sk(k, "build")) {
        struct ynode *mb = as_build_map(p, b), *mo = as_build_map(p, o);
        if (mb->type == Y_MAP && mo->type == Y_MAP) return merge_map(p, mb, mo, SEQ_APPEND, NULL);
        return o;
    }
    if (sk(k, "healthcheck")) {
        if (b->type == Y_MAP && o->type == Y_MAP) return merge_map(p, b, o, SEQ_REPLACE, NULL);
        return o;
    }
    if (sk(k, "ulimits")) {
        if (b->type == Y_MAP && o->type == Y_MAP) return merge_map(p, b, o, SEQ_REPLACE, replace_value);
        return o;
    }
    struct ynode *lb = b, *lo = o;
    if (sk(k, "env_file") || sk(k, "tmpfs") || sk(k, "dns") || sk(k, "dns_search")) {
        lb = as_list(p, b);
        lo = as_list(p, o);
    }
    if (lb->type == Y_SEQ && lo->type == Y_SEQ) {
        if (sk(k, "volumes")) return merge_volumes(p, lb, lo);
        if (sk(k, "secrets") || sk(k, "configs")) return merge_refs(p, lb, lo);
        return append_seq(p, lb, lo, true);
    }
    return merge_value(p, b, o, SEQ_APPEND);
}

struct ynode *compose_merge_service(struct compose_project *p, struct ynode *base, struct ynode *over)
{
    if (!base || base->type != Y_MAP) return over;
    if (!over || over->type != Y_MAP) return base;
    return merge_map(p, base, over, SEQ_APPEND, merge_service_key);
}

static struct ynode *merge_services_key(struct compose_project *p, const struct ynode *k, struct ynode *b,
                                        struct ynode *o)
{
    (void)k;
    return compose_merge_service(p, b, o);
}

static struct ynode *merge_top_key(struct compose_project *p, const struct ynode *k, struct ynode *b, struct ynode *o)
{
    if (sk(k, "services") && b->type == Y_MAP && o->type == Y_MAP)
        return merge_map(p, b, o, SEQ_APPEND, merge_services_key);
    return merge_value(p, b, o, SEQ_APPEND);
}

struct ynode *compose_merge_top(struct compose_project *p, struct ynode *base, struct ynode *over)
{
    return merge_map(p, base, over, SEQ_APPEND, merge_top_key);
}

int compose_check_top(struct compose_project *p, const struct ynode *root, struct dg_error *err)
{
    (void)p;
    static const char *const maps[] = {"services", "volumes", "networks", "secrets", "configs"};
    for (size_t i = 0; i < sizeof maps / sizeof *maps; i++) {
        struct ypair *pr = ymap_pair(root, maps[i]);
        if (pr && !ynode_is_null(pr->v) && pr->v->type != Y_MAP)
            return dg_error_at(err, DG_ERR_PARSE, pr->k->file, pr->k->line, "%s must be a mapping, not a %s", maps[i],
                               ytype_name(pr->v));
    }
    struct ynode *svcs = ymap_get(root, "services");
    if (svcs && svcs->type == Y_MAP) {
        if (svcs->n > COMPOSE_MAX_SERVICES)
            return dg_error_at(err, DG_ERR_LIMIT, svcs->file, svcs->line, "more than %d services", COMPOSE_MAX_SERVICES);
        for (size_t i = 0; i < svcs->n; i++) {
            const struct ypair *pr = &svcs->pairs[i];
            if (pr->v->type != Y_MAP && !tagged(pr->v, "!reset"))
                return dg_error_at(err, DG_ERR_PARSE, pr->k->file, pr->k->line,
                                   "service \"%.80s\" must be a mapping, not a %s", pr->k->s, ytype_name(pr->v));
        }
    }
    return 0;
}

/* ---- extends ---- */

struct chain {
    const struct ynode *v[COMPOSE_MAX_EXTENDS + 2];
    int n;
};

static struct ynode *resolve(struct compose_project *p, struct ynode *svcs, struct ypair *svc, struct chain *ch,
                             struct dg_error *err)
{
    struct ypair *ext = ymap_pair(svc->v, "extends");
    if (!ext) return svc->v;
    if (ch->n > COMPOSE_MAX_EXTENDS) {
        dg_error_at(err, DG_ERR_LIMIT, ext->k->file, ext->k->line, "extends chain deeper than %d",
                    COMPOSE_MAX_EXTENDS);
        return NULL;
    }
    const struct ynode *name = NULL, *file = NULL;
    if (ext->v->type == Y_SCALAR && !ynode_is_null(ext->v)) {
        name = ext->v;
    } else if (ext->v->type == Y_MAP) {
        name = ymap_get(ext->v, "service");
        file = ymap_get(ext->v, "file");
        if (file && (file->type != Y_SCALAR || ynode_is_null(file))) {
            dg_error_at(err, DG_ERR_PARSE, file->file, file->line, "extends.file must be a path");
            return NULL;
        }
    }
    if (!name || name->type != Y_SCALAR || ynode_is_null(name)) {
        dg_error_at(err, DG_ERR_PARSE, ext->k->file, ext->k->line,
                    "extends must name a service (extends: NAME or extends: {service: NAME, file: PATH})");
        return NULL;
    }
    struct ynode *base_svcs = svcs;
    const char *where = "this project";
    if (file) {
        struct compose_source *from = compose_source_of(p, file->file);
        char *path = compose_join(from ? from->basedir : p->project_dir, file->s);
        struct compose_source *s = compose_load_extends(p, path, err);
        free(path);
        if (!s) return NULL;
        base_svcs = ymap_get(s->root, "services");
        where = s->path;
    }
    struct ypair *base = base_svcs ? ymap_pair(base_svcs, name->s) : NULL;
    if (!base) {
        dg_error_at(err, DG_ERR_PARSE, name->file, name->line, "extends: service \"%.80s\" not found in %s", name->s,
                    where);
        return NULL;
    }
    for (int i = 0; i < ch->n; i++)
        if (ch->v[i] == base->v) {
            dg_error_at(err, DG_ERR_PARSE, ext->k->file, ext->k->line, "extends cycle through service \"%.80s\"",
                        name->s);
            return NULL;
        }
    ch->v[ch->n++] = base->v;
    struct ynode *b = resolve(p, base_svcs, base, ch, err);
    ch->n--;
    if (!b) return NULL;
    if (p->work > COMPOSE_MAX_WORK) {
        dg_error_at(err, DG_ERR_LIMIT, ext->k->file, ext->k->line,
                    "merges and extends expand the project past %d entries", COMPOSE_MAX_WORK);
        return NULL;
    }
    /* The extending service without its extends key, merged over its base. */
    struct ynode *own = node_like(p, Y_MAP, svc->v, svc->v->n);
    for (size_t i = 0; i < svc->v->n; i++)
        if (&svc->v->pairs[i] != ext) own->pairs[own->n++] = svc->v->pairs[i];
    return compose_merge_service(p, b, own);
}

int compose_build_services(struct compose_project *p, struct ynode *model, struct dg_error *err)
{
    struct ynode *svcs = ymap_get(model, "services");
    if (!svcs || svcs->type != Y_MAP) return 0;
    p->services = dg_xcalloc(svcs->n ? svcs->n : 1, sizeof *p->services);
    for (size_t i = 0; i < svcs->n; i++) {
        struct ypair *pr = &svcs->pairs[i];
        if (pr->v->type != Y_MAP) continue; /* a service removed with !reset */
        struct chain ch = {.n = 1};
        ch.v[0] = pr->v;
        struct ynode *eff = resolve(p, svcs, pr, &ch, err);
        if (!eff) return -1;
        if (p->work > COMPOSE_MAX_WORK)
            return dg_error_at(err, DG_ERR_LIMIT, pr->k->file, pr->k->line,
                               "merges and extends expand the project past %d entries", COMPOSE_MAX_WORK);
        struct compose_service *out = &p->services[p->nservices];
        cs_init(&out->spec);
        p->nservices++;
        if (compose_service_convert(p, pr->k, eff, model, out, err) != 0) return -1;
    }
    return 0;
}
