/* build model destructors and accessors. */
#include "model/build.h"
#include "dockerfile/dockerignore.h"

#include <stdlib.h>
#include <string.h>

static const char *const kind_names[] = {
    "UNKNOWN", "FROM", "RUN", "CMD", "LABEL", "MAINTAINER", "EXPOSE", "ENV", "ADD", "COPY",
    "ENTRYPOINT", "VOLUME", "USER", "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL"};

const char *df_kind_name(enum df_kind k)
{
    return (unsigned)k < sizeof kind_names / sizeof kind_names[0] ? kind_names[k] : "UNKNOWN";
}

void build_free(struct build *b)
{
    if (!b) return;
    dg_arena_free(&b->mem);
    free(b->context_dir);
    dg_strv_free(&b->context_files);
    if (b->ignore) dockerignore_free(b->ignore);
    memset(b, 0, sizeof *b);
}

const char *df_flag_get(const struct df_instr *in, const char *name)
{
    for (size_t i = 0; i < in->nflags; i++)
        if (strcmp(in->flags[i].name, name) == 0) return in->flags[i].value ? in->flags[i].value : "";
    return NULL;
}

bool df_flag_has(const struct df_instr *in, const char *name)
{
    return df_flag_get(in, name) != NULL;
}

static unsigned pair_hash(unsigned char a, unsigned char b)
{
    return (a * 31u + b) & 1023u;
}

void df_textsig_add(struct df_textsig *sig, const char *t, size_t n)
{
    const unsigned char *p = (const unsigned char *)t;
    for (size_t i = 0; i < n; i++) {
        sig->bytes[p[i] >> 6] |= 1ull << (p[i] & 63);
        if (i + 1 < n) {
            unsigned h = pair_hash(p[i], p[i + 1]);
            sig->pairs[h >> 6] |= 1ull << (h & 63);
        }
    }
}

void df_needle_init(struct df_needle *nd, const char *s)
{
    memset(nd, 0, sizeof *nd);
    const unsigned char *p = (const unsigned char *)s;
    if (p[0] && !p[1]) {
        nd->byte = true;
        nd->n = 1;
        nd->word[0] = p[0] >> 6;
        nd->mask[0] = 1ull << (p[0] & 63);
        return;
    }
    for (size_t i = 0; p[i] && p[i + 1]; i++) {
        unsigned h = pair_hash(p[i], p[i + 1]);
        size_t k = 0;
        while (k < nd->n && nd->word[k] != h >> 6) k++;
        if (k == sizeof nd->word) continue;
        if (k == nd->n) nd->word[nd->n++] = (uint8_t)(h >> 6);
        nd->mask[k] |= 1ull << (h & 63);
    }
}

uint64_t df_textsig_may_contain(const struct df_textsig *sig, const struct df_needle *nd, size_t n)
{
    if (n > 64) n = 64;
    uint64_t maybe = 0;
    for (size_t i = 0; i < n; i++) {
        uint64_t w = nd[i].byte ? sig->bytes[nd[i].word[0]] : sig->pairs[nd[i].word[0]];
        maybe |= (uint64_t)((w & nd[i].mask[0]) == nd[i].mask[0]) << i;
    }
    uint64_t hit = 0;
    for (size_t i = 0; maybe; i++, maybe >>= 1) {
        if (!(maybe & 1)) continue;
        size_t k = 1;
        while (k < nd[i].n && (sig->pairs[nd[i].word[k]] & nd[i].mask[k]) == nd[i].mask[k]) k++;
        if (k >= nd[i].n) hit |= 1ull << i;
    }
    return hit;
}

static bool src_is_context_root(const char *s)
{
    return !strcmp(s, ".") || !strcmp(s, "./") || !strcmp(s, "*") || !strcmp(s, "./*") || !strcmp(s, "/");
}

bool df_instr_copies_context(const struct df_instr *in)
{
    if ((in->kind != DF_COPY && in->kind != DF_ADD) || df_flag_has(in, "from")) return false;
    if (in->nheredocs) return false;
    /* The last argument is the destination. */
    for (size_t a = 0; a + 1 < in->nargs; a++)
        if (src_is_context_root(in->args[a])) return true;
    return false;
}

bool build_copies_context(const struct build *b)
{
    for (size_t i = 0; i < b->ninstrs; i++)
        if (df_instr_copies_context(&b->instrs[i])) return true;
    return false;
}
