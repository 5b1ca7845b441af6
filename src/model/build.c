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

bool df_instr_may_contain(const struct df_instr *in, const char *s)
{
    const struct df_textsig *sig = in->sig;
    if (!sig) return true;
    const unsigned char *p = (const unsigned char *)s;
    if (!p[0]) return true;
    if (!p[1]) return (sig->bytes[p[0] >> 6] >> (p[0] & 63)) & 1;
    for (size_t i = 0; p[i + 1]; i++) {
        unsigned h = pair_hash(p[i], p[i + 1]);
        if (!((sig->pairs[h >> 6] >> (h & 63)) & 1)) return false;
    }
    return true;
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
