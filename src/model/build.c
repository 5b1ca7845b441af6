/* build model destructors and accessors. */
#include "model/build.h"
#include "dockerfile/dockerignore.h"
#include "dockerfile/shell.h"

#include <stdlib.h>
#include <string.h>

static const char *const kind_names[] = {
    "UNKNOWN", "FROM", "RUN", "CMD", "LABEL", "MAINTAINER", "EXPOSE", "ENV", "ADD", "COPY",
    "ENTRYPOINT", "VOLUME", "USER", "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL"};

const char *df_kind_name(enum df_kind k)
{
    return (unsigned)k < sizeof kind_names / sizeof kind_names[0] ? kind_names[k] : "UNKNOWN";
}

static void instr_free(struct df_instr *in)
{
    free(in->keyword); free(in->raw); free(in->args_text);
    for (size_t i = 0; i < in->nflags; i++) { free(in->flags[i].name); free(in->flags[i].value); }
    free(in->flags);
    for (size_t i = 0; i < in->nargs; i++) free(in->args[i]);
    free(in->args);
    for (size_t i = 0; i < in->nheredocs; i++) { free(in->heredocs[i].delim); free(in->heredocs[i].body); }
    free(in->heredocs);
    for (size_t i = 0; i < in->nkvs; i++) { free(in->kvs[i].key); free(in->kvs[i].value); }
    free(in->kvs);
    if (in->onbuild) { instr_free(in->onbuild); free(in->onbuild); }
    if (in->script) { sh_script_free(in->script); free(in->script); }
}


void build_free(struct build *b)
{
    if (!b) return;
    free(b->path); free(b->syntax); free(b->check);
    for (size_t i = 0; i < b->ninstrs; i++) instr_free(&b->instrs[i]);
    free(b->instrs);
    for (size_t i = 0; i < b->nstages; i++) {
        free(b->stages[i].name); free(b->stages[i].base_raw);
        free(b->stages[i].base); free(b->stages[i].platform);
    }
    free(b->stages);
    for (size_t i = 0; i < b->nmeta_args; i++) { free(b->meta_args[i].key); free(b->meta_args[i].value); }
    free(b->meta_args);
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
