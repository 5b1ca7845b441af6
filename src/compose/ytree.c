/* Bounded YAML tree built from libyaml's event API (see ytree.h). Events,
 * not libyaml's document API, so that every limit is enforced while reading:
 * a billion-laughs file is refused at the alias that would push the
 * expanded size over the limit, before anything is copied. */
#include "compose/ytree.h"
#include "core/error.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>
#include <yaml.h>

struct ychunk {
    struct ychunk *next;
    size_t used, cap;
    max_align_t data[];
};

#define YA_CHUNK (16u << 10)

void *ya_alloc(struct yarena *a, size_t n)
{
    n = (n + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
    if (!n) n = sizeof(max_align_t);
    struct ychunk *c = a->head;
    if (!c || c->cap - c->used < n) {
        size_t cap = n > YA_CHUNK / 2 ? n : YA_CHUNK;
        c = dg_xmalloc(sizeof *c + cap);
        c->used = 0;
        c->cap = cap;
        /* A big one-off block goes behind the current chunk so that chunk keeps filling. */
        if (a->head && cap != YA_CHUNK) {
            c->next = a->head->next;
            a->head->next = c;
        } else {
            c->next = a->head;
            a->head = c;
        }
    }
    void *p = (char *)c->data + c->used;
    c->used += n;
    a->used += n;
    memset(p, 0, n);
    return p;
}

char *ya_strndup(struct yarena *a, const char *s, size_t n)
{
    char *p = ya_alloc(a, n + 1);
    if (n) memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *ya_strdup(struct yarena *a, const char *s)
{
    return ya_strndup(a, s, strlen(s));
}

void ya_free(struct yarena *a)
{
    struct ychunk *c = a->head;
    while (c) {
        struct ychunk *n = c->next;
        free(c);
        c = n;
    }
    a->head = NULL;
    a->used = 0;
}

/* ---- building ---- */

struct yframe {
    struct ynode *node;
    struct ynode **items;   /* seq items, or map keys and values alternating */
    size_t n, cap;
    char *anchor;           /* registered when the node is complete */
};

struct yanchor {
    char *name;
    uint64_t hash;   /* compared first: many aliases over many anchors stay cheap */
    struct ynode *node;
};

struct ybuild {
    struct yarena *a;
    const char *file;
    yt_interp_fn interp;
    void *ud;
    struct dg_error *err;
    struct yframe stack[YT_MAX_DEPTH + 1];
    int depth;
    struct yanchor *anchors;
    size_t nanchors, cap_anchors;
    size_t nodes, aliases;
    uint64_t expanded;
    struct ynode *root;
};

static uint64_t wadd(uint64_t a, uint64_t b)
{
    return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

static int line_of(const yaml_mark_t *m)
{
    return m->line >= (size_t)1 << 30 ? 1 << 30 : (int)m->line + 1;
}

static void frame_push_item(struct ybuild *b, struct yframe *f, struct ynode *n)
{
    if (f->n == f->cap) {
        size_t cap = f->cap ? f->cap * 2 : 8;
        struct ynode **items = ya_alloc(b->a, cap * sizeof *items);
        if (f->n) memcpy(items, f->items, f->n * sizeof *items);
        f->items = items;
        f->cap = cap;
    }
    f->items[f->n++] = n;
}

static bool is_merge_key(const struct ynode *k)
{
    return k->type == Y_SCALAR && k->plain && k->len == 2 && memcmp(k->s, "<<", 2) == 0;
}

static uint64_t hash_str(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
    return h;
}

static bool key_eq(const struct ynode *a, const struct ynode *b)
{
    return a->len == b->len && memcmp(a->s, b->s, a->len) == 0;
}

/* Open-addressing set of pair indexes, keyed by the key text: keeps
 * duplicate detection and merging linear for maps with many keys. */
struct kset {
    size_t *slot;   /* index + 1, 0 = empty */
    size_t mask;
    size_t inline_slots[32];   /* most mappings are small: no allocation for them */
};

static void kset_init(struct kset *s, size_t n)
{
    size_t cap = 16;
    while (cap < n * 2) cap <<= 1;
    if (cap <= 32) {
        memset(s->inline_slots, 0, cap * sizeof *s->slot);
        s->slot = s->inline_slots;
    } else {
        s->slot = dg_xcalloc(cap, sizeof *s->slot);
    }
    s->mask = cap - 1;
}

static void kset_free(struct kset *s)
{
    if (s->slot != s->inline_slots) free(s->slot);
    s->slot = NULL;
}

/* Returns the existing index, or inserts idx and returns SIZE_MAX. */
static size_t kset_put(struct kset *s, struct ypair *pairs, size_t idx)
{
    const struct ynode *k = pairs[idx].k;
    size_t h = (size_t)hash_str(k->s, k->len) & s->mask;
    while (s->slot[h]) {
        size_t j = s->slot[h] - 1;
        if (key_eq(pairs[j].k, k)) return j;
        h = (h + 1) & s->mask;
    }
    s->slot[h] = idx + 1;
    return SIZE_MAX;
}

/* Adds the pairs of one merge source whose keys are not there yet. */
static void merge_source(const struct ynode *src, struct ypair *out, size_t *nout, struct kset *ks)
{
    for (size_t i = 0; i < src->n; i++) {
        out[*nout] = src->pairs[i];
        if (kset_put(ks, out, *nout) == SIZE_MAX) (*nout)++;
    }
}

/* Finishes a mapping: refuses duplicate keys, applies `<<` merge keys
 * (explicit keys win over merged ones; earlier merge sources win over
 * later ones, as the YAML merge-key spec says). */
static int finish_map(struct ybuild *b, struct yframe *f)
{
    struct ynode *m = f->node;
    size_t npairs = f->n / 2, total = 0;
    uint64_t w = 1;
    for (size_t i = 0; i < npairs; i++) {
        struct ynode *k = f->items[2 * i], *v = f->items[2 * i + 1];
        w = wadd(w, wadd(k->weight, v->weight));
        if (is_merge_key(k)) {
            if (v->type == Y_MAP) total += v->n;
            else if (v->type == Y_SEQ) {
                for (size_t j = 0; j < v->n; j++) {
                    if (v->items[j]->type != Y_MAP)
                        return dg_error_at(b->err, DG_ERR_PARSE, b->file, v->items[j]->line,
                                           "merge key '<<' takes a mapping or a list of mappings, not a %s",
                                           ytype_name(v->items[j]));
                    total += v->items[j]->n;
                }
            } else {
                return dg_error_at(b->err, DG_ERR_PARSE, b->file, v->line,
                                   "merge key '<<' takes a mapping or a list of mappings, not a %s", ytype_name(v));
            }
        } else {
            total++;
        }
    }
    m->weight = w;
    struct ypair *pairs = ya_alloc(b->a, (total ? total : 1) * sizeof *pairs);
    size_t n = 0;
    struct kset ks;
    kset_init(&ks, total);
    for (size_t i = 0; i < npairs; i++) {
        struct ynode *k = f->items[2 * i];
        if (is_merge_key(k)) continue;
        pairs[n].k = k;
        pairs[n].v = f->items[2 * i + 1];
        size_t prev = kset_put(&ks, pairs, n);
        if (prev != SIZE_MAX) {
            int pl = pairs[prev].k->line;
            kset_free(&ks);
            return dg_error_at(b->err, DG_ERR_PARSE, b->file, k->line, "mapping key \"%.*s\" already defined at line %d",
                               (int)(k->len > 80 ? 80 : k->len), k->s, pl);
        }
        n++;
    }
    for (size_t i = 0; i < npairs; i++) {
        struct ynode *k = f->items[2 * i], *v = f->items[2 * i + 1];
        if (!is_merge_key(k)) continue;
        if (v->type == Y_MAP) merge_source(v, pairs, &n, &ks);
        else
            for (size_t j = 0; j < v->n; j++) merge_source(v->items[j], pairs, &n, &ks);
    }
    kset_free(&ks);
    m->pairs = pairs;
    m->n = n;
    return 0;
}

static int register_anchor(struct ybuild *b, char *name, struct ynode *n)
{
    if (!name) return 0;
    if (b->nanchors >= YT_MAX_ANCHORS)
        return dg_error_at(b->err, DG_ERR_LIMIT, b->file, n->line, "more than %d anchors", YT_MAX_ANCHORS);
    if (b->nanchors == b->cap_anchors) {
        b->cap_anchors = b->cap_anchors ? b->cap_anchors * 2 : 16;
        b->anchors = dg_xrealloc(b->anchors, b->cap_anchors * sizeof *b->anchors);
    }
    b->anchors[b->nanchors].name = name;
    b->anchors[b->nanchors].hash = hash_str(name, strlen(name));
    b->anchors[b->nanchors].node = n;
    b->nanchors++;
    return 0;
}

static struct ynode *find_anchor(struct ybuild *b, const char *name)
{
    /* Latest definition wins: YAML allows re-defining an anchor. */
    uint64_t h = hash_str(name, strlen(name));
    for (size_t i = b->nanchors; i-- > 0;)
        if (b->anchors[i].hash == h && strcmp(b->anchors[i].name, name) == 0) return b->anchors[i].node;
    return NULL;
}

/* Places a completed node into its parent (or as the document root). */
static int place(struct ybuild *b, struct ynode *n)
{
    if (b->depth == 0) {
        b->root = n;
        return 0;
    }
    struct yframe *f = &b->stack[b->depth - 1];
    bool is_key = f->node->type == Y_MAP && f->n % 2 == 0;
    if (is_key && n->type != Y_SCALAR)
        return dg_error_at(b->err, DG_ERR_PARSE, b->file, n->line, "mapping keys must be plain strings, not a %s",
                           ytype_name(n));
    frame_push_item(b, f, n);
    return 0;
}

static struct ynode *new_node(struct ybuild *b, enum ytype t, const yaml_mark_t *mark, const yaml_char_t *tag)
{
    struct ynode *n = ya_alloc(b->a, sizeof *n);
    n->type = t;
    n->file = b->file;
    n->line = line_of(mark);
    n->col = mark->column >= (size_t)1 << 20 ? 0 : (int)mark->column + 1;
    n->weight = 1;
    if (tag && tag[0] == '!' && tag[1] != '!') n->tag = ya_strdup(b->a, (const char *)tag);
    return n;
}

static char *anchor_copy(struct ybuild *b, const yaml_char_t *anchor)
{
    return anchor ? ya_strdup(b->a, (const char *)anchor) : NULL;
}

static int on_scalar(struct ybuild *b, yaml_event_t *ev)
{
    size_t len = ev->data.scalar.length;
    if (len > YT_MAX_SCALAR)
        return dg_error_at(b->err, DG_ERR_LIMIT, b->file, line_of(&ev->start_mark), "scalar longer than %u bytes",
                           YT_MAX_SCALAR);
    struct ynode *n = new_node(b, Y_SCALAR, &ev->start_mark, ev->data.scalar.tag);
    n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
    n->s = n->raw = ya_strndup(b->a, (const char *)ev->data.scalar.value, len);
    n->len = len;
    if (memchr(n->s, '\0', len))
        return dg_error_at(b->err, DG_ERR_PARSE, b->file, n->line, "NUL character in a scalar");
    /* Values are interpolated, keys are not (as compose does). A scalar's
     * role is known from the open mapping's key/value parity. */
    bool is_key = b->depth > 0 && b->stack[b->depth - 1].node->type == Y_MAP && b->stack[b->depth - 1].n % 2 == 0;
    if (!is_key && b->interp && memchr(n->s, '$', len)) {
        char *out = NULL;
        size_t outlen = 0;
        bool used = false;
        if (b->interp(b->ud, n->s, len, b->file, n->line, &out, &outlen, &used, b->err) != 0) return -1;
        if (out) {
            n->s = out;
            n->len = outlen;
        }
        n->interpolated = used;
    }
    if (register_anchor(b, anchor_copy(b, ev->data.scalar.anchor), n) != 0) return -1;
    return place(b, n);
}

static int on_start(struct ybuild *b, yaml_event_t *ev, enum ytype t)
{
    if (b->depth >= YT_MAX_DEPTH)
        return dg_error_at(b->err, DG_ERR_LIMIT, b->file, line_of(&ev->start_mark), "nesting deeper than %d levels",
                           YT_MAX_DEPTH);
    const yaml_char_t *tag = t == Y_SEQ ? ev->data.sequence_start.tag : ev->data.mapping_start.tag;
    const yaml_char_t *anchor = t == Y_SEQ ? ev->data.sequence_start.anchor : ev->data.mapping_start.anchor;
    struct ynode *n = new_node(b, t, &ev->start_mark, tag);
    /* A mapping or sequence used as a key is refused at once, before its content. */
    if (b->depth > 0) {
        struct yframe *p = &b->stack[b->depth - 1];
        if (p->node->type == Y_MAP && p->n % 2 == 0)
            return dg_error_at(b->err, DG_ERR_PARSE, b->file, n->line, "mapping keys must be plain strings, not a %s",
                               ytype_name(n));
    }
    struct yframe *f = &b->stack[b->depth++];
    memset(f, 0, sizeof *f);
    f->node = n;
    f->anchor = anchor_copy(b, anchor);
    return 0;
}

static int on_end(struct ybuild *b)
{
    struct yframe *f = &b->stack[--b->depth];
    struct ynode *n = f->node;
    if (n->type == Y_SEQ) {
        n->items = f->items;
        n->n = f->n;
        uint64_t w = 1;
        for (size_t i = 0; i < f->n; i++) w = wadd(w, f->items[i]->weight);
        n->weight = w;
    } else if (finish_map(b, f) != 0) {
        return -1;
    }
    if (register_anchor(b, f->anchor, n) != 0) return -1;
    return place(b, n);
}

static int on_alias(struct ybuild *b, yaml_event_t *ev)
{
    int line = line_of(&ev->start_mark);
    if (++b->aliases > YT_MAX_ALIASES)
        return dg_error_at(b->err, DG_ERR_LIMIT, b->file, line, "more than %d aliases", YT_MAX_ALIASES);
    struct ynode *n = find_anchor(b, (const char *)ev->data.alias.anchor);
    if (!n)
        return dg_error_at(b->err, DG_ERR_PARSE, b->file, line, "unknown anchor \"%.80s\"",
                           (const char *)ev->data.alias.anchor);
    /* The expanded size is what a consumer walking the tree would see: refuse
     * exponential alias chains here, while their cost is still linear. */
    b->expanded = wadd(b->expanded, n->weight);
    if (b->expanded > YT_MAX_EXPANDED)
        return dg_error_at(b->err, DG_ERR_LIMIT, b->file, line,
                           "aliases expand to more than %u nodes (alias bomb?)", YT_MAX_EXPANDED);
    return place(b, n);
}

int ytree_parse(struct yarena *a, const char *file, const char *text, size_t len, yt_interp_fn interp, void *ud,
                struct ynode ***roots, size_t *ndocs, struct dg_error *err)
{
    *roots = NULL;
    *ndocs = 0;
    if (len > YT_MAX_BYTES) return dg_error_at(err, DG_ERR_LIMIT, file, 0, "larger than %u bytes", YT_MAX_BYTES);
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) return dg_error_at(err, DG_ERR, file, 0, "cannot initialise the YAML parser");
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    struct ybuild b = {.a = a, .file = file, .interp = interp, .ud = ud, .err = err};
    struct ynode **docs = ya_alloc(a, YT_MAX_DOCS * sizeof *docs);
    size_t nd = 0;
    int rc = 0;
    bool done = false;
    while (!done) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&parser, &ev)) {
            int line = (int)parser.problem_mark.line + 1;
            if (parser.context)
                rc = dg_error_at(err, DG_ERR_PARSE, file, line, "invalid YAML: %s %s", parser.context,
                                 parser.problem ? parser.problem : "");
            else
                rc = dg_error_at(err, DG_ERR_PARSE, file, line, "invalid YAML: %s",
                                 parser.problem ? parser.problem : "parse error");
            break;
        }
        switch (ev.type) {
        case YAML_STREAM_END_EVENT: done = true; break;
        case YAML_DOCUMENT_START_EVENT:
            b.root = NULL;
            b.nanchors = 0;   /* anchors do not cross documents */
            b.aliases = 0;
            b.expanded = 0;
            break;
        case YAML_DOCUMENT_END_EVENT:
            if (b.root) {
                if (nd >= YT_MAX_DOCS) {
                    rc = dg_error_at(err, DG_ERR_LIMIT, file, line_of(&ev.start_mark), "more than %d YAML documents",
                                     YT_MAX_DOCS);
                    break;
                }
                docs[nd++] = b.root;
            }
            break;
        case YAML_SCALAR_EVENT: rc = on_scalar(&b, &ev); break;
        case YAML_SEQUENCE_START_EVENT: rc = on_start(&b, &ev, Y_SEQ); break;
        case YAML_MAPPING_START_EVENT: rc = on_start(&b, &ev, Y_MAP); break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT: rc = on_end(&b); break;
        case YAML_ALIAS_EVENT: rc = on_alias(&b, &ev); break;
        default: break;
        }
        if (rc == 0 && ++b.nodes > YT_MAX_NODES)
            rc = dg_error_at(err, DG_ERR_LIMIT, file, line_of(&ev.start_mark), "more than %d YAML nodes", YT_MAX_NODES);
        yaml_event_delete(&ev);
        if (rc != 0) break;
    }
    yaml_parser_delete(&parser);
    free(b.anchors);
    if (rc != 0) return rc;
    *roots = docs;
    *ndocs = nd;
    return 0;
}

struct ypair *ymap_pair(const struct ynode *map, const char *key)
{
    if (!map || map->type != Y_MAP) return NULL;
    size_t kl = strlen(key);
    for (size_t i = 0; i < map->n; i++)
        if (map->pairs[i].k->len == kl && memcmp(map->pairs[i].k->s, key, kl) == 0) return &map->pairs[i];
    return NULL;
}

struct ynode *ymap_get(const struct ynode *map, const char *key)
{
    struct ypair *p = ymap_pair(map, key);
    return p ? p->v : NULL;
}

bool ynode_is_null(const struct ynode *n)
{
    if (!n) return true;
    if (n->type != Y_SCALAR || !n->plain || n->interpolated) return false;
    return n->len == 0 || strcmp(n->s, "~") == 0 || strcmp(n->s, "null") == 0 || strcmp(n->s, "Null") == 0 ||
           strcmp(n->s, "NULL") == 0;
}

const char *ytype_name(const struct ynode *n)
{
    if (!n) return "null";
    switch (n->type) {
    case Y_SCALAR: return ynode_is_null(n) ? "null" : "string";
    case Y_SEQ: return "list";
    case Y_MAP: return "mapping";
    }
    return "value";
}
