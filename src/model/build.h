/* build: a parsed Dockerfile (stages, instructions, directives) and the
 * build context's ignore rules. Produced by src/dockerfile; checked by
 * src/rules/rules_build.c. The final stage also yields an image_spec. */
#ifndef DG_MODEL_BUILD_H
#define DG_MODEL_BUILD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "core/arena.h"
#include "core/finding.h"
#include "core/util.h"

enum df_kind {
    DF_UNKNOWN = 0, DF_FROM, DF_RUN, DF_CMD, DF_LABEL, DF_MAINTAINER, DF_EXPOSE, DF_ENV,
    DF_ADD, DF_COPY, DF_ENTRYPOINT, DF_VOLUME, DF_USER, DF_WORKDIR, DF_ARG, DF_ONBUILD,
    DF_STOPSIGNAL, DF_HEALTHCHECK, DF_SHELL
};
const char *df_kind_name(enum df_kind k);

struct df_flag {
    char *name;      /* without dashes: "from", "chown", "mount" */
    char *value;     /* NULL for a bare flag such as --link */
};

struct df_heredoc {
    char *delim;
    char *body;      /* content, tabs stripped for <<- */
    bool strip_tabs;
    bool quoted;     /* quoted delimiter: no expansion inside */
    int line;        /* first line of the body */
};

struct df_kv {
    char *key;
    char *value;     /* NULL when ARG has no default */
    int line;
};

struct sh_script;

/* The bytes and byte pairs a RUN's text holds (its command text, heredoc
 * bodies and exec-form words), hashed into bitmaps: a quick test of
 * whether a string may occur in that text without searching it. */
struct df_textsig {
    uint64_t pairs[16];       /* 1024 bits, one per hashed pair */
    uint64_t bytes[4];
};

/* A string made ready to be tested against many RUNs' signatures: the
 * bits its byte pairs set, gathered per 64-bit word of df_textsig.pairs,
 * so that each test is a few AND operations instead of hashing the string
 * again for every RUN. */
struct df_needle {
    bool byte;                /* one byte long: word[0] and mask[0] are in df_textsig.bytes */
    uint8_t n;                /* words to test */
    /* A string whose pairs fall in more than 8 words keeps the pairs of
     * its first 8: the test then only errs further towards "may". */
    uint8_t word[8];
    uint64_t mask[8];
};

struct df_instr {
    enum df_kind kind;
    char *keyword;            /* as written, e.g. "run" */
    int line, end_line, col;  /* 1-based; end_line after continuations/heredocs */
    char *raw;                /* the instruction text, continuations joined */
    char *args_text;          /* text after the keyword and flags */
    struct df_flag *flags;
    size_t nflags;
    char **args;              /* words: JSON elements for exec form, else whitespace-split with quotes removed */
    size_t nargs;
    bool json_form;
    struct df_heredoc *heredocs;
    size_t nheredocs;
    struct df_kv *kvs;        /* ENV, ARG, LABEL pairs */
    size_t nkvs;
    struct df_instr *onbuild; /* ONBUILD's inner instruction */
    struct sh_script *script; /* RUN: the commands it runs, read once by the
                                 shell reader (dockerfile/shell.h) for all rules */
    struct df_textsig *sig;   /* RUN: see df_textsig_may_contain; NULL otherwise */
    int stage;                /* index of the stage, -1 before the first FROM */
};

struct df_stage {
    char *name;               /* AS name, or NULL */
    char *base_raw;           /* as written */
    char *base;               /* after ARG expansion */
    char *platform;
    int base_stage;           /* index of a previous stage it builds on, or -1 */
    int index;
    size_t first, count;      /* instruction range (FROM included) */
    int line;
};

struct dockerignore;

/* The parser allocates the whole model (instructions, stages, their
 * strings and arrays, RUN scripts) from mem; build_free releases it at
 * once. Fields set by the source after parsing (context_dir, ignore,
 * context_files) are separately owned and freed by build_free too. */
struct build {
    struct dg_arena mem;
    char *path;
    char escape;              /* '\\' or '`' */
    char *syntax;             /* # syntax= */
    char *check;              /* # check= */
    struct df_instr *instrs;
    size_t ninstrs;
    struct df_stage *stages;
    size_t nstages;
    struct df_kv *meta_args;  /* ARG before the first FROM */
    size_t nmeta_args;
    char *context_dir;        /* build context folder when known, else NULL (malloc'd) */
    struct dockerignore *ignore; /* NULL when there is no .dockerignore */
    bool has_dockerignore;
    /* Regular files in the build context folder (paths relative to it,
     * in name order, depth first; .dockerignore not applied), listed by
     * the source (dockerfile_list_context) when an
     * instruction copies the whole context; symbolic links are not
     * followed. context_listed is false when no listing was made. */
    struct dg_strv context_files;
    bool context_listed;
    bool context_truncated;   /* the listing stopped at a bound */
};

void build_free(struct build *b);
const char *df_flag_get(const struct df_instr *in, const char *name); /* NULL if absent; "" for bare */
bool df_flag_has(const struct df_instr *in, const char *name);
/* Prepares s (NUL-terminated) for df_textsig_may_contain. */
void df_needle_init(struct df_needle *nd, const char *s);
/* Bit i of the result is clear only when needle nd[i] cannot occur in the
 * text of signature sig (a byte or byte pair of it is absent); set when it
 * may. n is at most 64. Rules use it to skip RUNs that cannot concern
 * them, then check exactly. All the words the rules look for are tested in
 * one call: the first word of every needle without a branch, the rest only
 * for the needles that pass. */
uint64_t df_textsig_may_contain(const struct df_textsig *sig, const struct df_needle *nd, size_t n);
/* Adds the n bytes at t to sig. */
void df_textsig_add(struct df_textsig *sig, const char *t, size_t n);
/* COPY/ADD of the whole build context root ("." and its spellings), not
 * from another stage or image and not a heredoc. */
bool df_instr_copies_context(const struct df_instr *in);
/* True when some instruction of b copies the whole build context. */
bool build_copies_context(const struct build *b);

#endif
