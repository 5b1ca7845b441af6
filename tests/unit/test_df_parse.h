/* Test helper: Dockerfile text -> struct build for the rule tests. */
#ifndef DG_TEST_DF_PARSE_H
#define DG_TEST_DF_PARSE_H

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "model/build.h"

static enum df_kind tdf_kind(const char *k)
{
    static const char *const names[] = {"", "FROM", "RUN", "CMD", "LABEL", "MAINTAINER", "EXPOSE", "ENV", "ADD",
                                        "COPY", "ENTRYPOINT", "VOLUME", "USER", "WORKDIR", "ARG", "ONBUILD",
                                        "STOPSIGNAL", "HEALTHCHECK", "SHELL"};
    for (size_t i = 1; i < sizeof names / sizeof names[0]; i++)
        if (strcasecmp(k, names[i]) == 0) return (enum df_kind)i;
    return DF_UNKNOWN;
}

static void tdf_push_arg(struct df_instr *in, char *s)
{
    in->args = dg_xrealloc(in->args, (in->nargs + 1) * sizeof *in->args);
    in->args[in->nargs++] = s;
}

static void tdf_fill(struct df_instr *in, const char *text, int line)
{
    const char *p = text;
    while (*p == ' ') p++;
    size_t kl = strcspn(p, " \t\n");
    in->keyword = dg_xstrndup(p, kl);
    in->kind = tdf_kind(in->keyword);
    in->line = in->end_line = line;
    in->col = 1;
    in->raw = dg_xstrdup(text);
    p += kl;
    while (*p == ' ') p++;
    if (in->kind == DF_ONBUILD) {
        in->onbuild = dg_xcalloc(1, sizeof *in->onbuild);
        tdf_fill(in->onbuild, p, line);
        in->args_text = dg_xstrdup(p);
        return;
    }
    /* Flags. */
    while (p[0] == '-' && p[1] == '-' && in->kind != DF_RUN + 100) {
        if (in->kind == DF_HEALTHCHECK || in->kind == DF_RUN || in->kind == DF_COPY || in->kind == DF_ADD ||
            in->kind == DF_FROM) {
            size_t n = strcspn(p, " ");
            const char *eqs = memchr(p, '=', n);
            in->flags = dg_xrealloc(in->flags, (in->nflags + 1) * sizeof *in->flags);
            struct df_flag *f = &in->flags[in->nflags++];
            f->name = dg_xstrndup(p + 2, (size_t)((eqs ? eqs : p + n) - p - 2));
            f->value = eqs ? dg_xstrndup(eqs + 1, (size_t)(p + n - eqs - 1)) : NULL;
            p += n;
            while (*p == ' ') p++;
        } else {
            break;
        }
    }
    in->args_text = dg_xstrdup(p);
    if (*p == '[') {
        in->json_form = true;
        const char *q = p + 1;
        while ((q = strchr(q, '"'))) {
            const char *e = q + 1;
            while (*e && *e != '"') e += (*e == '\\' && e[1]) ? 2 : 1;
            tdf_push_arg(in, dg_xstrndup(q + 1, (size_t)(e - q - 1)));
            if (!*e) break;
            q = e + 1;
        }
        return;
    }
    if (in->kind == DF_ENV || in->kind == DF_ARG || in->kind == DF_LABEL) {
        const char *q = p;
        while (*q) {
            while (*q == ' ') q++;
            if (!*q) break;
            size_t n = strcspn(q, " ");
            const char *eqs = memchr(q, '=', n);
            in->kvs = dg_xrealloc(in->kvs, (in->nkvs + 1) * sizeof *in->kvs);
            struct df_kv *kv = &in->kvs[in->nkvs++];
            kv->line = line;
            if (eqs) {
                kv->key = dg_xstrndup(q, (size_t)(eqs - q));
                kv->value = dg_xstrndup(eqs + 1, (size_t)(q + n - eqs - 1));
            } else {
                kv->key = dg_xstrndup(q, n);
                kv->value = NULL;
            }
            q += n;
        }
    }
    const char *q = p;
    while (*q) {
        while (*q == ' ' || *q == '\n') q++;
        if (!*q) break;
        size_t n = strcspn(q, " \n");
        tdf_push_arg(in, dg_xstrndup(q, n));
        q += n;
    }
}

/* Returns an allocated build (free with build_free + free). Heredocs
 * ("RUN <<EOF") and backslash continuations are supported. */
static struct build *test_df_parse(const char *text)
{
    struct build *b = dg_xcalloc(1, sizeof *b);
    b->path = dg_xstrdup("Dockerfile");
    b->escape = '\\';
    int line = 1;
    const char *p = text;
    int stage = -1;
    while (*p) {
        const char *e = strchr(p, '\n');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (n == 0 || p[0] == '#') { p += n + (e ? 1 : 0); line++; continue; }
        int start = line;
        struct dg_buf buf;
        dg_buf_init(&buf, 0);
        dg_buf_append(&buf, p, n);
        p += n + (e ? 1 : 0);
        line++;
        while (buf.len && buf.data[buf.len - 1] == '\\' && *p) {
            dg_buf_putc(&buf, '\n');
            const char *e2 = strchr(p, '\n');
            size_t n2 = e2 ? (size_t)(e2 - p) : strlen(p);
            dg_buf_append(&buf, p, n2);
            p += n2 + (e2 ? 1 : 0);
            line++;
        }
        b->instrs = dg_xrealloc(b->instrs, (b->ninstrs + 1) * sizeof *b->instrs);
        struct df_instr *in = &b->instrs[b->ninstrs++];
        memset(in, 0, sizeof *in);
        tdf_fill(in, buf.data, start);
        dg_buf_free(&buf);
        const char *hd = in->args_text ? strstr(in->args_text, "<<") : NULL;
        if (hd && in->kind == DF_RUN) {
            char delim[64];
            size_t dl = strcspn(hd + 2, " \n");
            snprintf(delim, sizeof delim, "%.*s", (int)(dl < 63 ? dl : 63), hd + 2);
            struct dg_buf body;
            dg_buf_init(&body, 0);
            int body_line = line;
            while (*p) {
                const char *e3 = strchr(p, '\n');
                size_t n3 = e3 ? (size_t)(e3 - p) : strlen(p);
                bool end = n3 == strlen(delim) && strncmp(p, delim, n3) == 0;
                if (!end) { dg_buf_append(&body, p, n3); dg_buf_putc(&body, '\n'); }
                p += n3 + (e3 ? 1 : 0);
                line++;
                if (end) break;
            }
            in->heredocs = dg_xcalloc(1, sizeof *in->heredocs);
            in->nheredocs = 1;
            in->heredocs[0].delim = dg_xstrdup(delim);
            in->heredocs[0].body = body.data ? dg_buf_steal(&body) : dg_xstrdup("");
            in->heredocs[0].line = body_line;
        }
        if (in->kind == DF_FROM) {
            stage++;
            b->stages = dg_xrealloc(b->stages, (b->nstages + 1) * sizeof *b->stages);
            struct df_stage *s = &b->stages[b->nstages++];
            memset(s, 0, sizeof *s);
            s->index = stage;
            s->line = start;
            s->first = b->ninstrs - 1;
            s->base_stage = -1;
            s->base_raw = dg_xstrdup(in->nargs ? in->args[0] : "");
            if (in->nargs >= 3 && strcasecmp(in->args[1], "AS") == 0) s->name = dg_xstrdup(in->args[2]);
            /* ${NAME} from meta args, the only expansion the tests need. */
            char *base = dg_xstrdup(s->base_raw);
            if (base[0] == '$') {
                const char *v = base + 1 + (base[1] == '{');
                size_t vn = strcspn(v, "}:-");
                for (size_t k = 0; k < b->nmeta_args; k++)
                    if (strlen(b->meta_args[k].key) == vn && strncmp(b->meta_args[k].key, v, vn) == 0 &&
                        b->meta_args[k].value) {
                        free(base);
                        base = dg_xstrdup(b->meta_args[k].value);
                        break;
                    }
            }
            s->base = base;
            for (size_t k = 0; k + 1 < b->nstages; k++)
                if (b->stages[k].name && strcasecmp(b->stages[k].name, s->base) == 0) s->base_stage = (int)k;
        } else if (stage < 0 && in->kind == DF_ARG) {
            for (size_t k = 0; k < in->nkvs; k++) {
                b->meta_args = dg_xrealloc(b->meta_args, (b->nmeta_args + 1) * sizeof *b->meta_args);
                struct df_kv *kv = &b->meta_args[b->nmeta_args++];
                kv->key = dg_xstrdup(in->kvs[k].key);
                kv->value = in->kvs[k].value ? dg_xstrdup(in->kvs[k].value) : NULL;
                kv->line = in->kvs[k].line;
            }
        }
        in->stage = stage;
        if (stage >= 0) b->stages[stage].count = b->ninstrs - b->stages[stage].first;
    }
    return b;
}

#endif
