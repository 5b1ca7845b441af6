/* Rules written against the build model (a parsed Dockerfile): DG-B001…
 * Each check reads the instructions, and RUN commands through the shell
 * reader, so that quoting and command boundaries are understood rather
 * than guessed with substring matches. Image-level questions (final user,
 * healthcheck, exposed ports) live in rules_image.c so that they also
 * serve images from archives and the daemon. */
#include "rules/tables.h"
#include "rules/imageref.h"
#include "rules/pkgcmd.h"
#include "core/config.h"
#include "core/secrets.h"
#include "dockerfile/dockerignore.h"
#include "dockerfile/shell.h"
#include "model/build.h"
#include "model/image_spec.h"

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---------------------------------------------------------------- helpers */

static struct dg_pos at(const struct df_instr *in)
{
    return (struct dg_pos){NULL, in->line, in->col};
}

static struct dg_pos at_line(int line)
{
    return (struct dg_pos){NULL, line, 0};
}

static bool eq(const char *a, const char *b)
{
    return strcmp(a, b) == 0;
}

static const char *base_of(const char *p)
{
    size_t n = strlen(p);
    while (n > 1 && p[n - 1] == '/') n--;
    const char *s = p + n;
    while (s > p && s[-1] != '/') s--;
    return s;
}

/* A string literal with its length, for tables compared with memcmp. */
#define LIT(s) {s, sizeof s - 1}

struct lit {
    const char *s;
    size_t len;
};

static bool lit_in(const char *s, size_t len, const struct lit *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (list[i].len == len && memcmp(s, list[i].s, len) == 0) return true;
    return false;
}

static size_t final_stage(const struct build *b)
{
    return b->nstages ? b->nstages - 1 : 0;
}

/* True when stage idx ends up in the final image: the final stage and the
 * earlier stages it is built FROM. Image-size rules only matter there. */
static bool stage_in_final(const struct build *b, int idx)
{
    if (!b->nstages || idx < 0) return false;
    int s = (int)final_stage(b);
    for (size_t guard = 0; s >= 0 && guard <= b->nstages; guard++) {
        if (s == idx) return true;
        s = b->stages[s].base_stage;
    }
    return false;
}

static bool posix_shell(const char *w)
{
    const char *b = base_of(w);
    return eq(b, "sh") || eq(b, "bash") || eq(b, "ash") || eq(b, "dash") || eq(b, "zsh") || eq(b, "ksh") ||
           eq(b, "mksh");
}

/* Resolves a stage's base reference; NULL when it is an earlier stage. */
static const char *stage_base(const struct build *b, const struct df_stage *s)
{
    (void)b;
    if (s->base_stage >= 0) return NULL;
    return s->base ? s->base : s->base_raw;
}

/* What a RUN must mention (one of the words) for a rule to read its
 * commands. Most rules look for one tool; skipping the RUNs that cannot
 * mention it keeps linting fast. The words are tested against the
 * parser's signature of the RUN's text (df_textsig_may_contain), which can
 * only err towards "yes": the rules check the commands exactly. */
enum run_topic {
    TOPIC_PKG,        /* DG-B016, B020, B021 */
    TOPIC_APT,        /* DG-B017, B018, B022 */
    TOPIC_APT_CLI,    /* DG-B055 */
    TOPIC_APK,        /* DG-B019, B023 */
    TOPIC_PIP,        /* DG-B024, B028 */
    TOPIC_NPM,        /* DG-B025 */
    TOPIC_GEM,        /* DG-B026 */
    TOPIC_RPM,        /* DG-B027 */
    TOPIC_DOWNLOAD,   /* DG-B029 */
    TOPIC_TLS,        /* DG-B030 */
    TOPIC_UNSIGNED,   /* DG-B031 */
    TOPIC_TRUST,      /* DG-B032 */
    TOPIC_CURL_WGET,  /* DG-B053 */
    TOPIC_WGET,       /* DG-B060 */
    TOPIC_SUDO,       /* DG-B033 */
    TOPIC_CHMOD,      /* DG-B034, B036 */
    TOPIC_SSH,        /* DG-B035 */
    TOPIC_USER,       /* DG-B001 */
    TOPIC_USERADD,    /* DG-B050 */
    TOPIC_CD,         /* DG-B041 */
    TOPIC_PIPE,       /* DG-B052 */
    TOPIC__COUNT
};

#define TOPIC_BIT(topic) (1u << (topic))

/* The words, each with the topics it counts for. */
static const struct {
    const char *word;
    uint32_t topics;
} run_words[] = {
    {"apt", TOPIC_BIT(TOPIC_PKG) | TOPIC_BIT(TOPIC_APT)},
    {"apk", TOPIC_BIT(TOPIC_PKG) | TOPIC_BIT(TOPIC_APK)},
    {"yum", TOPIC_BIT(TOPIC_PKG) | TOPIC_BIT(TOPIC_RPM)},
    {"dnf", TOPIC_BIT(TOPIC_PKG) | TOPIC_BIT(TOPIC_RPM)},
    {"zypper", TOPIC_BIT(TOPIC_PKG) | TOPIC_BIT(TOPIC_RPM)},
    {"apt ", TOPIC_BIT(TOPIC_APT_CLI)},
    {"pip", TOPIC_BIT(TOPIC_PIP)},
    {"npm", TOPIC_BIT(TOPIC_NPM)}, {"yarn", TOPIC_BIT(TOPIC_NPM)},
    {"gem", TOPIC_BIT(TOPIC_GEM)},
    {"curl", TOPIC_BIT(TOPIC_DOWNLOAD) | TOPIC_BIT(TOPIC_CURL_WGET)},
    {"wget", TOPIC_BIT(TOPIC_DOWNLOAD) | TOPIC_BIT(TOPIC_CURL_WGET) | TOPIC_BIT(TOPIC_WGET)},
    {"fetch", TOPIC_BIT(TOPIC_DOWNLOAD)}, {"aria2c", TOPIC_BIT(TOPIC_DOWNLOAD)}, {"http", TOPIC_BIT(TOPIC_DOWNLOAD)},
    {"insecure", TOPIC_BIT(TOPIC_TLS)}, {"-k", TOPIC_BIT(TOPIC_TLS)}, {"k ", TOPIC_BIT(TOPIC_TLS)},
    {"check-certificate", TOPIC_BIT(TOPIC_TLS)}, {"trusted-host", TOPIC_BIT(TOPIC_TLS)},
    {"strict-ssl", TOPIC_BIT(TOPIC_TLS)}, {"sslVerify", TOPIC_BIT(TOPIC_TLS)}, {"sslverify", TOPIC_BIT(TOPIC_TLS)},
    {"TLS_REJECT", TOPIC_BIT(TOPIC_TLS)}, {"HTTPSVERIFY", TOPIC_BIT(TOPIC_TLS)},
    {"SSL_NO_VERIFY", TOPIC_BIT(TOPIC_TLS)},
    {"disable-tls", TOPIC_BIT(TOPIC_TLS)}, {"curl -", TOPIC_BIT(TOPIC_TLS)},
    {"unauthenticated", TOPIC_BIT(TOPIC_UNSIGNED)}, {"insecure-repositories", TOPIC_BIT(TOPIC_UNSIGNED)},
    {"force-yes", TOPIC_BIT(TOPIC_UNSIGNED)}, {"gpg", TOPIC_BIT(TOPIC_UNSIGNED)},
    {"untrusted", TOPIC_BIT(TOPIC_UNSIGNED)},
    {"nosignature", TOPIC_BIT(TOPIC_UNSIGNED)}, {"nodigest", TOPIC_BIT(TOPIC_UNSIGNED)},
    {"trusted=yes", TOPIC_BIT(TOPIC_UNSIGNED)}, {"Unauthenticated", TOPIC_BIT(TOPIC_UNSIGNED)},
    {"content-trust", TOPIC_BIT(TOPIC_TRUST)}, {"CONTENT_TRUST", TOPIC_BIT(TOPIC_TRUST)},
    {"sudo", TOPIC_BIT(TOPIC_SUDO)}, {"doas", TOPIC_BIT(TOPIC_SUDO)},
    {"chmod", TOPIC_BIT(TOPIC_CHMOD)},
    {"ssh", TOPIC_BIT(TOPIC_SSH)}, {"dropbear", TOPIC_BIT(TOPIC_SSH)},
    {"useradd", TOPIC_BIT(TOPIC_USER) | TOPIC_BIT(TOPIC_USERADD)}, {"adduser", TOPIC_BIT(TOPIC_USER)},
    {"cd", TOPIC_BIT(TOPIC_CD)},
    {"|", TOPIC_BIT(TOPIC_PIPE)},
};
#define NRUN_WORDS (sizeof run_words / sizeof run_words[0])
_Static_assert(NRUN_WORDS <= 64, "df_textsig_may_contain tests at most 64 words at once");
_Static_assert(TOPIC__COUNT <= 32, "a RUN's topics are bits of a uint32_t");

/* The words hashed once for all Dockerfiles and threads (then only read),
 * instead of once per RUN and rule. */
static struct df_needle run_needles[NRUN_WORDS];
static pthread_once_t run_needles_once = PTHREAD_ONCE_INIT;

static void run_needles_init(void)
{
    for (size_t i = 0; i < NRUN_WORDS; i++) df_needle_init(&run_needles[i], run_words[i].word);
}

/* The topics a RUN may mention, one bit each; all of them when the RUN
 * has no signature. */
static uint32_t run_topics(const struct df_instr *in)
{
    if (!in->sig) return TOPIC_BIT(TOPIC__COUNT) - 1;
    pthread_once(&run_needles_once, run_needles_init);
    uint64_t hit = df_textsig_may_contain(in->sig, run_needles, NRUN_WORDS);
    uint32_t topics = 0;
    for (size_t i = 0; hit; i++, hit >>= 1)
        if (hit & 1) topics |= run_words[i].topics;
    return topics;
}

/* ---------------------------------------------------------------- memo */

/* A RUN with a script, whether its stage runs it with a POSIX shell (one
 * that switched SHELL to PowerShell or cmd does not), and the topics it may
 * mention: worked out once, then each rule's test is one AND. */
struct run_ref {
    const struct df_instr *in;
    bool posix;
    uint32_t topics;
};

/* A stage's base image reference, parsed once for the base image rules. */
struct base_ref {
    bool parsed;              /* stage_base gave a reference imageref_parse took */
    struct imageref r;
};

/* What the build rules share on one Dockerfile (rules_build_memo): its
 * RUNs and their shells, its stages' base references, its first copy of
 * the whole context into the final image. Each was worked out again by
 * every rule that asks, and that showed in profiles. */
struct build_memo {
    struct run_ref *runs;     /* in file order */
    size_t nruns;
    struct base_ref *bases;   /* one per stage */
    size_t nbases;
    const struct df_instr *context_copy;
};

static void *memo_make(const void *subject)
{
    const struct build *b = subject;
    size_t nruns = 0;
    for (size_t i = 0; i < b->ninstrs; i++)
        if (b->instrs[i].kind == DF_RUN && b->instrs[i].script) nruns++;
    /* One block for the memo and its two arrays (their counts are bounded
     * by the Dockerfile's size): one allocation per Dockerfile, not three. */
    struct build_memo *m =
        dg_xcalloc(1, sizeof *m + nruns * sizeof *m->runs + b->nstages * sizeof *m->bases);
    m->runs = (struct run_ref *)(m + 1);
    m->bases = (struct base_ref *)(m->runs + nruns);
    /* Each stage starts with the default shell; SHELL changes it for the
     * instructions that follow in the stage. */
    bool posix = true;
    for (size_t i = 0; i < b->ninstrs; i++) {
        const struct df_instr *in = &b->instrs[i];
        if (in->kind == DF_FROM) posix = true;
        if (in->kind == DF_SHELL && in->nargs) posix = posix_shell(in->args[0]);
        if (in->kind == DF_RUN && in->script) m->runs[m->nruns++] = (struct run_ref){in, posix, run_topics(in)};
    }
    m->nbases = b->nstages;
    for (size_t i = 0; i < b->nstages; i++) {
        const char *ref = stage_base(b, &b->stages[i]);
        m->bases[i].parsed = ref && imageref_parse(ref, &m->bases[i].r) == 0;
    }
    for (size_t i = 0; i < b->ninstrs && !m->context_copy; i++)
        if (df_instr_copies_context(&b->instrs[i]) && stage_in_final(b, b->instrs[i].stage))
            m->context_copy = &b->instrs[i];
    return m;
}

static void memo_release(void *memo)
{
    struct build_memo *m = memo;
    if (!m) return;
    for (size_t i = 0; i < m->nbases; i++)
        if (m->bases[i].parsed) imageref_free(&m->bases[i].r);
    free(m);
}

const struct rule_memo_ops rules_build_memo = {memo_make, memo_release};

/* The runner hands every build rule the memo of its subject. */
static const struct build_memo *memo_of(const struct rule_ctx *ctx)
{
    return ctx->memo;
}

/* Index of the memo's first RUN at or after instruction in (runs are in
 * instruction order): a binary search, so that rules walking instructions
 * or stage ranges find their RUNs without a walk of their own. */
static size_t runs_from(const struct build_memo *m, const struct df_instr *in)
{
    size_t lo = 0, hi = m->nruns;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->runs[mid].in < in) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

/* True when in is a RUN with a script that may mention the topic. */
static bool run_mentions(const struct build_memo *m, const struct df_instr *in, enum run_topic topic)
{
    size_t r = runs_from(m, in);
    return r < m->nruns && m->runs[r].in == in && (m->runs[r].topics >> topic & 1);
}

typedef void (*run_fn)(struct rule_ctx *ctx, const struct build *b, const struct df_instr *in,
                       const struct sh_script *s, void *ud);

/* Calls fn for every RUN that mentions the topic and whose stage runs a
 * POSIX shell; a stage that switched SHELL to PowerShell or cmd is skipped. */
static void each_run(struct rule_ctx *ctx, const struct build *b, enum run_topic topic, run_fn fn, void *ud)
{
    const struct build_memo *m = memo_of(ctx);
    for (size_t i = 0; i < m->nruns; i++) {
        const struct df_instr *in = m->runs[i].in;
        if (m->runs[i].posix && (m->runs[i].topics >> topic & 1)) fn(ctx, b, in, in->script, ud);
    }
}

/* RUN --mount=type=cache,target=… covering path: caches kept out of layers. */
static bool run_has_cache_mount(const struct df_instr *in, const char *path)
{
    for (size_t i = 0; i < in->nflags; i++) {
        const char *v = in->flags[i].value;
        if (!eq(in->flags[i].name, "mount") || !v) continue;
        if (strstr(v, "type=cache") && strstr(v, path)) return true;
    }
    return false;
}

static bool word_is_option(const char *w, const char *longopt, char shortopt)
{
    if (eq(w, longopt)) return true;
    size_t n = strlen(longopt);
    if (strncmp(w, longopt, n) == 0 && w[n] == '=') return true;
    /* A cluster of short flags: "-yq", "-qqy". */
    if (shortopt && w[0] == '-' && w[1] && w[1] != '-') {
        for (const char *p = w + 1; *p; p++) {
            if (*p == shortopt) return true;
            if (!isalpha((unsigned char)*p)) return false;
        }
    }
    return false;
}

static bool cmd_has_option(const struct sh_cmd *c, size_t from, const char *longopt, char shortopt)
{
    for (size_t i = from; i < c->nwords; i++)
        if (word_is_option(c->words[i], longopt, shortopt)) return true;
    return false;
}

static const char *kind_of_mgr(enum pkg_mgr m)
{
    switch (m) {
    case PKG_APT: return "apt-get";
    case PKG_APK: return "apk";
    case PKG_YUM: return "yum";
    case PKG_DNF: return "dnf";
    case PKG_MICRODNF: return "microdnf";
    case PKG_ZYPPER: return "zypper";
    case PKG_PIP: return "pip";
    case PKG_NPM: return "npm";
    case PKG_GEM: return "gem";
    case PKG_YARN: return "yarn";
    default: return "package manager";
    }
}

/* -------------------------------------------------- package manager rules */

/* DG-B016: an index update in a RUN that installs nothing. The cached index
 * layer goes stale while later RUNs keep installing from it. */
static void run_update_alone(struct rule_ctx *ctx, const struct build *b, const struct df_instr *in,
                             const struct sh_script *s, void *ud)
{
    (void)b; (void)ud;
    const struct sh_cmd *update = NULL;
    bool install = false;
    for (size_t i = 0; i < s->n; i++) {
        struct pkg_call p;
        pkgcmd_classify(&s->cmds[i], &p);
        if (p.mgr == PKG_NONE || p.mgr >= PKG_PIP) continue;
        if (p.op == PKGOP_UPDATE && !update) update = &s->cmds[i];
        if (p.op == PKGOP_INSTALL || p.op == PKGOP_UPGRADE) install = true;
    }
    if (update && !install)
        rule_emit(ctx, at(in), in->raw, "'%s %s' runs in a RUN that installs nothing; its cached layer goes stale",
                  update->words[sh_cmd_unwrap(update)], "update");
}

static void check_update_alone(struct rule_ctx *ctx, const void *subject)
{
    each_run(ctx, subject, TOPIC_PKG, run_update_alone, NULL);
}

/* DG-B017: apt-get install without --no-install-recommends. */
static void run_apt_recommends(struct rule_ctx *ctx, const struct build *b, const struct df_instr *in,
                               const struct sh_script *s, void *ud)
{
    (void)b; (void)ud;
    for (size_t i = 0; i < s->n; i++) {
        const struct sh_cmd *c = &s->cmds[i];
        struct pkg_call p;
        pkgcmd_classify(c, &p);
        if (p.mgr != PKG_APT || p.op != PKGOP_INSTALL) continue;
        if (cmd_has_option(c, p.cmd + 1, "--no-install-recommends", 0)) continue;
        bool opt = false;
        for (size_t k = p.cmd + 1; k < c->nwords; k++)
            if (strstr(c->words[k], "Install-Recommends=false") || strstr(c->words[k], "Install-Recommends=0") ||
                strstr(c->words[k], "Install-Recommends \"false\""))
                opt = true;
        if (!opt) rule_emit(ctx, at_line(c->line), in->raw, "'%s install' without --no-install-recommends", p.tool);
    }
}

static void check_apt_recommends(struct rule_ctx *ctx, const void *subject)
{
    each_run(ctx, subject, TOPIC_APT, run_apt_recommends, NULL);
}

/* DG-B018: apt lists left in the layer (final image stages only). */
static void run_apt_lists(struct rule_ctx *ctx, const struct build *b, const struct df_instr *in,
                          const struct sh_script *s, void *ud)
{
    (void)ud;
    if (!stage_in_final(b, in->stage) || run_has_cache_mount(in, "/var/lib/apt")) return;
    const struct sh_cmd *inst = NULL;
    bool removed = false;
    for (size_t i = 0; i < s->n; i++) {
        const struct sh_cmd *c = &s->cmds[i];
        struct pkg_call p;
        pkgcmd_classify(c, &p);
        if (p.mgr == PKG_APT && (p.op == PKGOP_INSTALL || p.op == PKGOP_UPDATE) && !inst) inst = c;
        if (eq(sh_word_base(c, sh_cmd_unwrap(c)), "rm"))
            for (size_t k = 1; k < c->nwords; k++)
                if (dg_str_has_prefix(c->words[k], "/var/lib/apt/lists")) removed = true;
    }
    if (inst && !removed)
        rule_emit(ctx, at(in), in->raw,
                  "apt package lists are left in the image: add 'rm -rf /var/lib/apt/lists/*' to this RUN");
}

static void check_apt_lists(struct rule_ctx *ctx, const void *subject)
{
    each_run(ctx, subject, TOPIC_APT, run_apt_lists, NULL);
}

/* DG-B019: apk add without --no-cache (final image stages only). */
static void run_apk_cache(struct rule_ctx *ctx, const struct build *b, const struct df_instr *in,
                          const struct sh_script *s, void *ud)
{
    (void)ud;
    if (!stage_in_final(b, in->stage) || run_has_cache_mount(in, "/var/cache/apk") ||
        run_has_cache_mount(in, "/etc/apk/cache"))
        return;
    bool removed = false;
    for (size_t i = 0; i < s->n; i++) {
        const struct sh_cmd *c = &s->cmds[i];
        if (eq(sh_word_base(c, sh_cmd_unwrap(c)), "rm"))
            for (size_t k = 1; k < c->nwords; k++)
                if (dg_str_has_prefix(c->words[k], "/var/cache/apk")) removed = true;
    }
    if (removed) return;
    for (size_t i = 0; i < s->n; i++) {
        const struct sh_cmd *c = &s->cmds[i];
        struct pkg_call p;
        pkgcmd_classify(c, &p);
        if (p.mgr == PKG_APK && p.op == PKGOP_INSTALL && !cmd_has_option(c, p.cmd + 1, "--no-cache", 0))
            rule_emit(ctx, at_line(c->line), in->raw, "'apk add' without --no-cache keeps the package index in the image");
    }
}

static void check_apk_cache(struct rule_ctx *ctx, const void *subject)
{
    each_run(ctx, subject, TOPIC_APK, run_apk_cache, NULL);
}

/* DG-B020: whole-system upgrades inside the build. */
static void run_upgrade(struct rule_ctx *ctx, const struct build *b, const struct df_instr *in,
                        const struct sh_script *s, void *ud)
{
    (void)b; (void)ud;
    for (size_t i = 0; i < s->n; i++) {
        struct pkg_call p;
        pkgcmd_classify(&s->cmds[i], &p);
        if (p.mgr == PKG_NONE || p.mgr >= PKG_PIP || p.op != PKGOP_UPGRADE) continue;
        rule_emit(ctx, at_line(s->cmds[i].line), in->raw, "'%s %s' upgrades the base image's packages in the build",
                  p.tool, p.sub);
    }
}

static void check_upgrade(struct rule_ctx *ctx, const void *subject)
{
    each_run(ctx, subject, TOPIC_PKG, run_upgrade, NULL);
}

/* DG-B021: installs that would wait for a confirmation. */
static void run_assume_yes(struct rule_ctx *ctx, const struct build *b, const struct df_instr *in,
                           const struct sh_script *s, void *ud)
{
    (void)b; (void)ud;
    for (size_t i = 0; i < s->n; i++) {
        const struct sh_cmd *c = &s->cmds[i];
        struct pkg_call p;
        pkgcmd_classify(c, &p);
        bool ask = p.op == PKGOP_INSTALL || p.op == PKGOP_UPGRADE || p.op == PKGOP_REMOVE;
        if (!ask) continue;
        bool yes = false;
        switch (p.mgr) {
        case PKG_APT:
            yes = cmd_has_option(c, p.cmd + 1, "--yes", 'y') || cmd_has_option(c, p.cmd + 1, "--assume-yes", 0) ||
                  sh_cmd_has_word(c, p.cmd + 1, "-qq") || sh_cmd_has_word(c, p.cmd + 1, "-q=2");
            for (size_t k = p.cmd + 1; k < c->nwords; k++)
                if (strstr(c->words[k], "Assume-Yes=true") || strstr(c->words[k], "Assume-Yes=1")) yes = true;
            break;
        case PKG_YUM: case PKG_DNF: case PKG_MICRODNF:
            /* microdnf never prompts. */
            yes = p.mgr == PKG_MICRODNF || cmd_has_option(c, p.cmd + 1, "--assumeyes", 'y');
            break;
        case PKG_ZYPPER:
            yes = cmd_has_option(c, p.cmd + 1, "--non-interactive", 'n') ||
                  cmd_has_option(c, p.cmd + 1, "--no-confirm", 'y');
            break;
        default:
            continue;
        }
        if (!yes)
            rule_emit(ctx, at_line(c->line), in->raw, "'%s %s' without -y waits for a confirmation that never comes",
                      p.tool, p.sub);
    }
}

static void check_assume_yes(struct rule_ctx *ctx, const void *subject)
{
    each_run(ctx, subject, TOPIC_PKG, run_assume_yes, NULL);
}

/* Unpinned package collection, shared by the pinning rules. */
struct unpinned {
    enum pkg_mgr mgr;
    struct dg_buf names;
    unsigned count;
};

static bool pkg_is_local(const char *w)
{
    if (w[0] == '.' || w[0] == '/' || w[0] == '~' || strchr(w, '$') || strstr(w, "://")) return true;
    /* A package file by its extension. Only ".tar.gz" has a dot inside;
     * for the others the word ends with one exactly when its text from
     * the last dot is that extension. */
    const char *dot = strrchr(w, '.');
    if (!dot) return false;
    static const struct lit ext[] = {LIT(".deb"), LIT(".rpm"), LIT(".apk"), LIT(".whl"), LIT(".tgz"), LIT(".zip"),
                                     LIT(".gem")};
    size_t dl = strlen(dot);
    return lit_in(dot, dl, ext, sizeof ext / sizeof ext[0]) ||
           (dl == 3 && memcmp(dot, ".gz", 3) == 0 && dot - w >= 4 && memcmp(dot - 4, ".tar", 4) == 0);
}

static bool pkg_pinned(enum pkg_mgr m, const char *w)
{
    switch (m) {
    case PKG_APT: return strchr(w, '=') != NULL;
    case PKG_APK: return strchr(w, '=') != NULL || strchr(w, '<') || strchr(w, '>') || strchr(w, '~');
    case PKG_PIP:
        return strstr(w, "==") || strstr(w, ">=") || strstr(w, "~=") || strstr(w, "<=") || strchr(w, '<') ||
               strchr(w, '>') || strstr(w, "!=") || strchr(w, '@');
    case PKG_NPM: case PKG_YARN: {
        /* "@scope/name@1.2.3" or "name@1.2.3"; a git/tarball spec counts as pinned only with a ref. */
        const char *at = strchr(w + (w[0] == '@'), '@');
        if (strstr(w, "#")) return true;
        return at && at[1] && !eq(at + 1, "latest") && !eq(at + 1, "next");
    }
    case PKG_GEM: return strchr(w, ':') != NULL;
    default: return true;
    }
}

static bool collect_unpinned(void *ud, const char *pkg)
{
    struct unpinned *u = ud;
    if (pkg_is_local(pkg) || pkg_pinned(u->mgr, pkg)) return true;
    /* pip extras and npm aliases still name a package; keep the message short. */
    if (u->count < 8) {
        if (u->count) dg_buf_puts(&u->names, ", ");
        dg_buf_puts(&u->names, pkg);
    }
    u->count++;
    return true;
}

static void run_pin(struct rule_ctx *ctx, const struct df_instr *in, const struct sh_script *s, enum pkg_mgr want)
{
    for (size_t i = 0; i < s->n; i++) {
        const struct sh_cmd *c = &s->cmds[i];
        struct pkg_call p;
        pkgcmd_classify(c, &p);
        if (p.op != PKGOP_INSTALL) continue;
        if (!(p.mgr == want || (want == PKG_NPM && p.mgr == PKG_YARN))) continue;
        if (p.mgr == PKG_PIP) {
            /* Requirement and constraint files pin elsewhere; "pip install --upgrade pip" is tooling. */
            if (cmd_has_option(c, p.cmd + 1, "--requirement", 'r') ||
                cmd_has_option(c, p.cmd + 1, "--constraint", 'c') || cmd_has_option(c, p.cmd + 1, "--editable", 'e'))
                continue;
        }
        if (p.mgr == PKG_GEM && (cmd_has_option(c, p.cmd + 1, "--version", 'v'))) continue;
        struct unpinned u = {p.mgr, {0}, 0};
        dg_buf_init(&u.names, 4096);
        pkgcmd_each_package(c, &p, collect_unpinned, &u);
        if (u.count)
            rule_emit(ctx, at_line(c->line), in->raw, "%s installs %u package%s without a version: %s%s",
                      p.tool, u.count, u.count == 1 ? "" : "s", u.names.data ? u.names.data : "",
                      u.count > 8 ? ", …" : "");
        dg_buf_free(&u.names);
    }
}

static void run_pin_apt(struct rule_ctx *ctx, const struct build *b, const struct df_instr *in,
                        const struct sh_script *s, void *ud)
{
    (void)b; (void)ud;
    run_pin(ctx, in, s, PKG_APT);
}
static void run_pin_apk(struct rule_ctx *ctx, const struct build *b, const struct df_instr *in,
                        const struct sh_script *s, void *ud)
{
    (void)b; (void)ud;
    run_pin(ctx, in, s, PKG_APK);
}
static void run_pin_pip(struct rule_ctx *ctx, const struct build *b, const struct df_instr *in,
                        const struct sh_script *s, void *ud)
{
    (void)b; (void)ud;
    run_pin(ctx, in, s, PKG_PIP);
}
static void run_pin_npm(struct rule_ctx *ctx, const struct build *b, const struct df_instr *in,
                        const struct sh_script *s, void *ud)
{
    (void)b; (void)ud;
    run_pin(ctx, in, s, PKG_NPM);
}
static void run_pin_gem(struct rule_ctx *ctx, const struct build *b, const struct df_instr *in,
                        const struct sh_script *s, void *ud)
{
    (void)b; (void)ud;
    run_pin(ctx, in, s, PKG_GEM);
}

static void check_pin_apt(struct rule_ctx *ctx, const void *subject)
{
    each_run(ctx, subject, TOPIC_APT, run_pin_apt, NULL);
}
static void check_pin_apk(struct rule_ctx *ctx, const void *subject)
{
    each_run(ctx, subject, TOPIC_APK, run_pin_apk, NULL);
}
static void check_pin_pip(struct rule_ctx *ctx, const void *subject)
{
    each_run(ctx, subject, TOPIC_PIP, run_pin_pip, NULL);
}
static void check_pin_npm(struct rule_ctx *ctx, const void *subject)
{
    each_run(ctx, subject, TOPIC_NPM, run_pin_npm, NULL);
}
static void check_pin_gem(struct rule_ctx *ctx, const void *subject)
{
    each_run(ctx, subject, TOPIC_GEM, run_pin_gem, NULL);
}

/* DG-B027: yum/dnf/zypper caches left in the layer (final image stages). */
static void run_rpm_clean(struct rule_ctx *ctx, const struct build *b, const struct df_instr *in,
                          const struct sh_script *s, void *ud)
{
    (void)ud;
    if (!stage_in_final(b, in->stage) || run_has_cache_mount(in, "/var/cache/")) return;
    const struct sh_cmd *inst = NULL;
    struct pkg_call ip = {0};
    bool cleaned = false;
    for (size_t i = 0; i < s->n; i++) {
        const struct sh_cmd *c = &s->cmds[i];
        struct pkg_call p;
        pkgcmd_classify(c, &p);
        bool rpm = p.mgr == PKG_YUM || p.mgr == PKG_DNF || p.mgr == PKG_MICRODNF || p.mgr == PKG_ZYPPER;
        if (rpm && (p.op == PKGOP_INSTALL || p.op == PKGOP_UPGRADE) && !inst) { inst = c; ip = p; }
        if (rpm && p.op == PKGOP_CLEAN) cleaned = true;
        if (eq(sh_word_base(c, sh_cmd_unwrap(c)), "rm"))
            for (size_t k = 1; k < c->nwords; k++)
                if (dg_str_has_prefix(c->words[k], "/var/cache/yum") || dg_str_has_prefix(c->words[k], "/var/cache/dnf") ||
                    dg_str_has_prefix(c->words[k], "/var/cache/zypp"))
                    cleaned = true;
    }
    if (inst && !cleaned)
        rule_emit(ctx, at_line(inst->line), in->raw, "'%s %s' without '%s clean all' in the same RUN", ip.tool, ip.sub,
                  ip.mgr == PKG_ZYPPER ? "zypper" : kind_of_mgr(ip.mgr));
}

static void check_rpm_clean(struct rule_ctx *ctx, const void *subject)
{
    each_run(ctx, subject, TOPIC_RPM, run_rpm_clean, NULL);
}

/* DG-B028: pip install keeping its download cache (final image stages). */
static bool stage_env_set(const struct build *b, int stage, const char *key, size_t upto)
{
    for (size_t i = 0; i < upto && i < b->ninstrs; i++) {
        const struct df_instr *in = &b->instrs[i];
        if ((in->kind != DF_ENV && in->kind != DF_ARG) || !stage_in_final(b, in->stage)) continue;
        (void)stage;
        for (size_t k = 0; k < in->nkvs; k++)
            if (eq(in->kvs[k].key, key) && in->kvs[k].value && in->kvs[k].value[0]) return true;
    }
    return false;
}

static void run_pip_cache(struct rule_ctx *ctx, const struct build *b, const struct df_instr *in,
                          const struct sh_script *s, void *ud)
{
    (void)ud;
    if (!stage_in_final(b, in->stage) || run_has_cache_mount(in, "/root/.cache") || run_has_cache_mount(in, "pip"))
        return;
    size_t idx = (size_t)(in - b->instrs);
    if (stage_env_set(b, in->stage, "PIP_NO_CACHE_DIR", idx)) return;
    for (size_t i = 0; i < s->n; i++) {
        const struct sh_cmd *c = &s->cmds[i];
        struct pkg_call p;
        pkgcmd_classify(c, &p);
        if (p.mgr != PKG_PIP || p.op != PKGOP_INSTALL) continue;
        if (cmd_has_option(c, p.cmd + 1, "--no-cache-dir", 0)) continue;
        bool assign = false;
        for (size_t k = 0; k < c->argv0; k++)
            if (dg_str_has_prefix(c->words[k], "PIP_NO_CACHE_DIR=")) assign = true;
        if (!assign) rule_emit(ctx, at_line(c->line), in->raw, "'%s install' without --no-cache-dir", p.tool);
    }
}

static void check_pip_cache(struct rule_ctx *ctx, const void *subject)
{
    each_run(ctx, subject, TOPIC_PIP, run_pip_cache, NULL);
}

/* DG-B027-style helper for the apt alias: DG-B055 'apt' is the interactive front end. */
static void run_apt_cli(struct rule_ctx *ctx, const struct build *b, const struct df_instr *in,
                        const struct sh_script *s, void *ud)
{
    (void)b; (void)ud;
    for (size_t i = 0; i < s->n; i++) {
        const struct sh_cmd *c = &s->cmds[i];
        size_t k = sh_cmd_unwrap(c);
        if (k < c->nwords && eq(sh_word_base(c, k), "apt"))
            rule_emit(ctx, at_line(c->line), in->raw, "'apt' has no stable command-line interface; use apt-get");
    }
}

static void check_apt_cli(struct rule_ctx *ctx, const void *subject)
{
    each_run(ctx, subject, TOPIC_APT_CLI, run_apt_cli, NULL);
}

/* ------------------------------------------------------ downloads and TLS */

static bool cmd_runs_fetched_script(const struct sh_cmd *c)
{
    size_t k = sh_cmd_unwrap(c);
    if (k >= c->nwords) return false;
    const char *name = sh_word_base(c, k);
    /* sh -c "$(curl …)", bash <(wget …), eval "$(curl …)", source <(curl …) */
    if (pkgcmd_is_shell(name) || eq(name, "eval")) {
        for (size_t i = k + 1; i < c->nwords; i++) {
            const char *w = c->words[i];
            if ((strstr(w, "$(") || strstr(w, "<(") || strchr(w, '`')) &&
                (strstr(w, "curl") || strstr(w, "wget")))
                return true;
        }
    }
    return false;
}

/* DG-B029: remote script piped into a shell. */
static void run_pipe_shell(struct rule_ctx *ctx, const struct build *b, const struct df_instr *in,
                           const struct sh_script *s, void *ud)
{
    (void)b; (void)ud;
    for (size_t i = 0; i < s->n; i++) {
        const struct sh_cmd *c = &s->cmds[i];
        if (cmd_runs_fetched_script(c)) {
            rule_emit(ctx, at_line(c->line), in->raw, "'%s' runs a script fetched from the network without verifying it",
                      sh_word_base(c, sh_cmd_unwrap(c)));
            continue;
        }
        if (!pkgcmd_is_download(c) || !c->piped) continue;
        /* Follow the pipeline: curl … | tee x | sh */
        for (size_t j = i + 1; j < s->n; j++) {
            const struct sh_cmd *d = &s->cmds[j];
            if (!d->from_pipe || d->depth != c->depth) break;
            size_t k = sh_cmd_unwrap(d);
            if (k < d->nwords && pkgcmd_is_shell(sh_word_base(d, k))) {
                rule_emit(ctx, at_line(c->line), in->raw, "output of '%s' is piped into '%s'",
                          sh_word_base(c, sh_cmd_unwrap(c)), sh_word_base(d, k));
                break;
            }
            if (!d->piped) break;
        }
    }
}

static void check_pipe_shell(struct rule_ctx *ctx, const void *subject)
{
    each_run(ctx, subject, TOPIC_DOWNLOAD, run_pipe_shell, NULL);
}

/* Environment settings that switch TLS verification off. */
static const char *tls_env_off(const char *key, const char *value)
{
    /* Every ENV and ARG is asked: the first letter dismisses most keys. */
    if (!key || !value || !key[0] || !strchr("CGNPn", key[0])) return NULL;
    if (eq(key, "NODE_TLS_REJECT_UNAUTHORIZED") && eq(value, "0")) return "Node.js TLS verification";
    if (eq(key, "PYTHONHTTPSVERIFY") && eq(value, "0")) return "Python HTTPS verification";
    if (eq(key, "GIT_SSL_NO_VERIFY") && value[0] && !eq(value, "0") && strcasecmp(value, "false") != 0)
        return "git TLS verification";
    if ((eq(key, "NPM_CONFIG_STRICT_SSL") || eq(key, "npm_config_strict_ssl")) && strcasecmp(value, "false") == 0)
        return "npm TLS verification";
    if (eq(key, "PIP_TRUSTED_HOST") && value[0]) return "pip TLS verification for the listed hosts";
    if (eq(key, "CURL_INSECURE") && value[0] && !eq(value, "0")) return "curl TLS verification";
    return NULL;
}

static bool short_cluster_has(const char *w, char flag)
{
    if (w[0] != '-' || w[1] == '-' || !w[1]) return false;
    for (const char *p = w + 1; *p; p++) {
        if (*p == flag) return true;
        if (!isalpha((unsigned char)*p)) return false;
    }
    return false;
}

static const char *cmd_tls_off(const struct sh_cmd *c)
{
    for (size_t k = 0; k < c->argv0; k++) {
        const char *eqs = strchr(c->words[k], '=');
        if (!eqs) continue;
        char key[64];
        snprintf(key, sizeof key, "%.*s", (int)(eqs - c->words[k] < 63 ? eqs - c->words[k] : 63), c->words[k]);
        const char *what = tls_env_off(key, eqs + 1);
        if (what) return what;
    }
    size_t k = sh_cmd_unwrap(c);
    if (k >= c->nwords) return NULL;
    const char *name = sh_word_base(c, k);
    if (eq(name, "export")) {
        for (size_t i = k + 1; i < c->nwords; i++) {
            const char *eqs = strchr(c->words[i], '=');
            if (!eqs) continue;
            char key[64];
            snprintf(key, sizeof key, "%.*s", (int)(eqs - c->words[i] < 63 ? eqs - c->words[i] : 63), c->words[i]);
            const char *what = tls_env_off(key, eqs + 1);
            if (what) return what;
        }
        return NULL;
    }
    if (eq(name, "curl")) {
        for (size_t i = k + 1; i < c->nwords; i++)
            if (eq(c->words[i], "--insecure") || short_cluster_has(c->words[i], 'k')) return "curl --insecure";
        return NULL;
    }
    if (eq(name, "wget")) {
        if (sh_cmd_has_word(c, k + 1, "--no-check-certificate")) return "wget --no-check-certificate";
        return NULL;
    }
    if (dg_str_has_prefix(name, "pip") || dg_str_has_prefix(name, "python")) {
        for (size_t i = k + 1; i < c->nwords; i++)
            if (word_is_option(c->words[i], "--trusted-host", 0) || strstr(c->words[i], "trusted-host"))
                return "pip --trusted-host";
        return NULL;
    }
    if (eq(name, "npm") || eq(name, "yarn") || eq(name, "pnpm")) {
        for (size_t i = k + 1; i + 1 < c->nwords; i++)
            if ((eq(c->words[i], "strict-ssl") || eq(c->words[i], "strict-ssl=false")) &&
                (eq(c->words[i + 1], "false") || eq(c->words[i], "strict-ssl=false")))
                return "npm strict-ssl false";
        for (size_t i = k + 1; i < c->nwords; i++)
            if (eq(c->words[i], "--strict-ssl=false") || eq(c->words[i], "strict-ssl=false")) return "npm strict-ssl false";
        return NULL;
    }
    if (eq(name, "git")) {
        for (size_t i = k + 1; i < c->nwords; i++) {
            const char *w = c->words[i];
            if (strcasecmp(w, "http.sslVerify=false") == 0) return "git http.sslVerify false";
            if (strcasecmp(w, "http.sslVerify") == 0 && i + 1 < c->nwords &&
                (strcasecmp(c->words[i + 1], "false") == 0 || eq(c->words[i + 1], "0")))
                return "git http.sslVerify false";
        }
        return NULL;
    }
    if (eq(name, "composer") && sh_cmd_has_word(c, k + 1, "disable-tls")) return "composer disable-tls";
    return NULL;
}

/* DG-B030: TLS verification switched off, by RUN commands or ENV/ARG. */
static void run_tls(struct rule_ctx *ctx, const struct build *b, const struct df_instr *in,
                    const struct sh_script *s, void *ud)
{
    (void)b; (void)ud;
    for (size_t i = 0; i < s->n; i++) {
        const char *what = cmd_tls_off(&s->cmds[i]);
        if (what) rule_emit(ctx, at_line(s->cmds[i].line), in->raw, "%s disables TLS certificate verification", what);
    }
}

static void check_tls(struct rule_ctx *ctx, const void *subject)
{
    const struct build *b = subject;
    each_run(ctx, b, TOPIC_TLS, run_tls, NULL);
    for (size_t i = 0; i < b->ninstrs; i++) {
        const struct df_instr *in = &b->instrs[i];
        if (in->kind != DF_ENV && in->kind != DF_ARG) continue;
        for (size_t k = 0; k < in->nkvs; k++) {
            const char *what = tls_env_off(in->kvs[k].key, in->kvs[k].value);
            if (what)
                rule_emit(ctx, at_line(in->kvs[k].line ? in->kvs[k].line : in->line), in->raw,
                          "%s %s=%s disables %s", df_kind_name(in->kind), in->kvs[k].key, in->kvs[k].value, what);
        }
    }
}

/* DG-B031: package signature verification switched off. */
static const char *cmd_unsigned(const struct sh_cmd *c)
{
    struct pkg_call p;
    pkgcmd_classify(c, &p);
    size_t k = sh_cmd_unwrap(c);
    for (size_t i = k + 1; i < c->nwords; i++) {
        const char *w = c->words[i];
        if (p.mgr == PKG_APT) {
            if (eq(w, "--allow-unauthenticated")) return "apt-get --allow-unauthenticated";
            if (eq(w, "--allow-insecure-repositories")) return "apt-get --allow-insecure-repositories";
            if (eq(w, "--force-yes")) return "apt-get --force-yes";
            if (strstr(w, "AllowUnauthenticated=true") || strstr(w, "AllowUnauthenticated=1"))
                return "APT::Get::AllowUnauthenticated";
        }
        if ((p.mgr == PKG_YUM || p.mgr == PKG_DNF || p.mgr == PKG_MICRODNF) &&
            (eq(w, "--nogpgcheck") || eq(w, "--setopt=gpgcheck=0") || eq(w, "--setopt=gpgcheck=false")))
            return "--nogpgcheck";
        if (p.mgr == PKG_ZYPPER && (eq(w, "--no-gpg-checks") || eq(w, "--gpg-auto-import-keys")))
            return "zypper --no-gpg-checks";
        if (p.mgr == PKG_APK && eq(w, "--allow-untrusted")) return "apk --allow-untrusted";
        if (k < c->nwords && eq(sh_word_base(c, k), "rpm") && (eq(w, "--nosignature") || eq(w, "--nodigest")))
            return "rpm --nosignature";
        /* echo "deb [trusted=yes] http://…" > /etc/apt/sources.list.d/x.list */
        if (strstr(w, "trusted=yes") && (strstr(w, "deb ") || strstr(w, "deb-src"))) return "[trusted=yes] APT source";
        if (strstr(w, "gpgcheck=0") && k < c->nwords &&
            (eq(sh_word_base(c, k), "echo") || eq(sh_word_base(c, k), "printf") || eq(sh_word_base(c, k), "sed")))
            return "gpgcheck=0 repository";
    }
    return NULL;
}

static void run_unsigned(struct rule_ctx *ctx, const struct build *b, const struct df_instr *in,
                         const struct sh_script *s, void *ud)
{
    (void)b; (void)ud;
    for (size_t i = 0; i < s->n; i++) {
        const char *what = cmd_unsigned(&s->cmds[i]);
        if (what)
            rule_emit(ctx, at_line(s->cmds[i].line), in->raw, "%s installs packages without verifying their signatures",
                      what);
    }
}

static void check_unsigned(struct rule_ctx *ctx, const void *subject)
{
    each_run(ctx, subject, TOPIC_UNSIGNED, run_unsigned, NULL);
}

/* DG-B032: Docker content trust disabled. */
static bool value_false(const char *v)
{
    return v && (eq(v, "0") || strcasecmp(v, "false") == 0 || strcasecmp(v, "no") == 0 || strcasecmp(v, "off") == 0);
}

static void run_content_trust(struct rule_ctx *ctx, const struct build *b, const struct df_instr *in,
                              const struct sh_script *s, void *ud)
{
    (void)b; (void)ud;
    for (size_t i = 0; i < s->n; i++) {
        const struct sh_cmd *c = &s->cmds[i];
        bool hit = false;
        for (size_t k = 0; k < c->nwords && !hit; k++) {
            const char *w = c->words[k];
            if (eq(w, "--disable-content-trust") || eq(w, "--disable-content-trust=true")) hit = true;
            if (dg_str_has_prefix(w, "DOCKER_CONTENT_TRUST=") && value_false(w + 21)) hit = true;
        }
        if (hit)
            rule_emit(ctx, at_line(c->line), in->raw, "Docker content trust is disabled for this command");
    }
}

static void check_content_trust(struct rule_ctx *ctx, const void *subject)
{
    const struct build *b = subject;
    each_run(ctx, b, TOPIC_TRUST, run_content_trust, NULL);
    for (size_t i = 0; i < b->ninstrs; i++) {
        const struct df_instr *in = &b->instrs[i];
        if (in->kind != DF_ENV && in->kind != DF_ARG) continue;
        for (size_t k = 0; k < in->nkvs; k++)
            if (eq(in->kvs[k].key, "DOCKER_CONTENT_TRUST") && value_false(in->kvs[k].value))
                rule_emit(ctx, at_line(in->kvs[k].line ? in->kvs[k].line : in->line), in->raw,
                          "%s DOCKER_CONTENT_TRUST=%s disables image signature verification", df_kind_name(in->kind),
                          in->kvs[k].value);
    }
}

/* DG-B053: both curl and wget installed/used in one stage (DL4001). */
static void check_curl_and_wget(struct rule_ctx *ctx, const void *subject)
{
    const struct build *b = subject;
    for (size_t st = 0; st < b->nstages; st++) {
        const struct df_stage *sg = &b->stages[st];
        int curl = 0, wget = 0;
        for (size_t i = sg->first; i < sg->first + sg->count && i < b->ninstrs; i++) {
            const struct df_instr *in = &b->instrs[i];
            if (in->kind != DF_RUN) continue;
            if (!run_mentions(memo_of(ctx), in, TOPIC_CURL_WGET)) continue;
            const struct sh_script *s = in->script;
            for (size_t c = 0; c < s->n; c++) {
                size_t k = sh_cmd_unwrap(&s->cmds[c]);
                const char *name = sh_word_base(&s->cmds[c], k);
                if (eq(name, "curl") && !curl) curl = s->cmds[c].line;
                if (eq(name, "wget") && !wget) wget = s->cmds[c].line;
            }
        }
        if (curl && wget)
            rule_emit(ctx, at_line(curl > wget ? curl : wget), NULL,
                      "stage %zu uses both curl and wget; one download tool is enough", st + 1);
    }
}

/* DG-B060: wget without a quiet or progress option floods the build log. */
static void run_wget_progress(struct rule_ctx *ctx, const struct build *b, const struct df_instr *in,
                              const struct sh_script *s, void *ud)
{
    (void)b; (void)ud;
    for (size_t i = 0; i < s->n; i++) {
        const struct sh_cmd *c = &s->cmds[i];
        size_t k = sh_cmd_unwrap(c);
        if (k >= c->nwords || !eq(sh_word_base(c, k), "wget")) continue;
        bool ok = false;
        for (size_t j = k + 1; j < c->nwords && !ok; j++) {
            const char *w = c->words[j];
            if (dg_str_has_prefix(w, "--progress") || eq(w, "--quiet") || eq(w, "--no-verbose") ||
                short_cluster_has(w, 'q') || eq(w, "-nv") || eq(w, "-o") || eq(w, "--output-file") ||
                dg_str_has_prefix(w, "--output-file="))
                ok = true;
        }
        if (!ok) rule_emit(ctx, at_line(c->line), in->raw, "wget without -q, -nv or --progress=dot:giga");
    }
}

static void check_wget_progress(struct rule_ctx *ctx, const void *subject)
{
    each_run(ctx, subject, TOPIC_WGET, run_wget_progress, NULL);
}

/* ------------------------------------------------------- privilege rules */

/* DG-B033: sudo inside the build. */
static void run_sudo(struct rule_ctx *ctx, const struct build *b, const struct df_instr *in,
                     const struct sh_script *s, void *ud)
{
    (void)b; (void)ud;
    for (size_t i = 0; i < s->n; i++) {
        const struct sh_cmd *c = &s->cmds[i];
        const char *name = sh_cmd_name(c);
        if (eq(name, "sudo") || eq(name, "doas"))
            rule_emit(ctx, at_line(c->line), in->raw, "'%s' in RUN", name);
    }
}

static void check_sudo(struct rule_ctx *ctx, const void *subject)
{
    each_run(ctx, subject, TOPIC_SUDO, run_sudo, NULL);
}

/* Mode analysis shared by the chmod rules. Returns bits of interest:
 * 1 = others writable, 2 = setuid, 4 = setgid; -1 when not a mode. */
static int mode_bits(const char *m)
{
    if (!m || !*m) return -1;
    if (isdigit((unsigned char)m[0])) {
        size_t n = strlen(m);
        if (n > 5 || strspn(m, "01234567") != n) return -1;
        unsigned long v = strtoul(m, NULL, 8);
        int bits = 0;
        /* The sticky bit (1xxx) makes /tmp-style directories safe to share. */
        if ((v & 02) && !(v & 01000)) bits |= 1;
        if (v & 04000) bits |= 2;
        if (v & 02000) bits |= 4;
        return bits;
    }
    /* Symbolic: clauses separated by ',', each [ugoa]*[+=][rwxXst]* */
    int bits = 0;
    const char *p = m;
    while (*p) {
        const char *who = p;
        while (*p == 'u' || *p == 'g' || *p == 'o' || *p == 'a') p++;
        size_t nwho = (size_t)(p - who);
        if (*p != '+' && *p != '=' && *p != '-') return -1;
        bool add = *p != '-';
        p++;
        const char *perm = p;
        while (*p && *p != ',') p++;
        size_t nperm = (size_t)(p - perm);
        bool o = nwho == 0 ? false : (memchr(who, 'o', nwho) || memchr(who, 'a', nwho));
        bool u = nwho == 0 || memchr(who, 'u', nwho) || memchr(who, 'a', nwho);
        bool g = nwho == 0 || memchr(who, 'g', nwho) || memchr(who, 'a', nwho);
        bool t = memchr(perm, 't', nperm) != NULL;
        if (add && o && memchr(perm, 'w', nperm) && !t) bits |= 1;
        if (add && memchr(perm, 's', nperm)) {
            if (u) bits |= 2;
            if (g) bits |= 4;
        }
        if (*p == ',') p++;
    }
    return bits;
}

struct chmod_want {
    int mask;
};

static void run_chmod(struct rule_ctx *ctx, const struct build *b, const struct df_instr *in,
                      const struct sh_script *s, void *ud)
{
    (void)b;
    const struct chmod_want *want = ud;
    for (size_t i = 0; i < s->n; i++) {
        const struct sh_cmd *c = &s->cmds[i];
        size_t k = sh_cmd_unwrap(c);
        if (k >= c->nwords || !eq(sh_word_base(c, k), "chmod")) continue;
        /* The first operand that is not an option is the mode. */
        size_t m = k + 1;
        while (m < c->nwords && c->words[m][0] == '-' &&
               (c->words[m][1] == '-' || strspn(c->words[m] + 1, "RvcfH") == strlen(c->words[m] + 1)))
            m++;
        if (m >= c->nwords) continue;
        int bits = mode_bits(c->words[m]);
        if (bits < 0 || !(bits & want->mask)) continue;
        const char *target = m + 1 < c->nwords ? c->words[m + 1] : "";
        if (want->mask & 1)
            rule_emit(ctx, at_line(c->line), in->raw, "chmod %s makes %s writable by every user", c->words[m], target);
        else
            rule_emit(ctx, at_line(c->line), in->raw, "chmod %s sets the %s bit on %s", c->words[m],
                      (bits & 2) ? "setuid" : "setgid", target);
    }
}

/* DG-B034: world-writable modes (chmod and COPY/ADD --chmod). */
static void check_world_writable(struct rule_ctx *ctx, const void *subject)
{
    const struct build *b = subject;
    struct chmod_want w = {1};
    each_run(ctx, b, TOPIC_CHMOD, run_chmod, &w);
    for (size_t i = 0; i < b->ninstrs; i++) {
        const struct df_instr *in = &b->instrs[i];
        if (in->kind != DF_COPY && in->kind != DF_ADD) continue;
        const char *m = df_flag_get(in, "chmod");
        int bits = mode_bits(m);
        if (bits > 0 && (bits & 1))
            rule_emit(ctx, at(in), in->raw, "%s --chmod=%s makes the copied files writable by every user",
                      df_kind_name(in->kind), m);
    }
}

/* DG-B036: setuid/setgid bits added. */
static void check_setuid(struct rule_ctx *ctx, const void *subject)
{
    const struct build *b = subject;
    struct chmod_want w = {6};
    each_run(ctx, b, TOPIC_CHMOD, run_chmod, &w);
    for (size_t i = 0; i < b->ninstrs; i++) {
        const struct df_instr *in = &b->instrs[i];
        if (in->kind != DF_COPY && in->kind != DF_ADD) continue;
        const char *m = df_flag_get(in, "chmod");
        int bits = mode_bits(m);
        if (bits > 0 && (bits & 6))
            rule_emit(ctx, at(in), in->raw, "%s --chmod=%s sets the %s bit", df_kind_name(in->kind), m,
                      (bits & 2) ? "setuid" : "setgid");
    }
}

/* DG-B035: an SSH server in the image. */
static bool is_ssh_server_pkg(const char *p)
{
    size_t n = strcspn(p, "=<>~");
    return (n == 14 && strncmp(p, "openssh-server", 14) == 0) || (n == 8 && strncmp(p, "dropbear", 8) == 0) ||
           (n == 4 && strncmp(p, "sshd", 4) == 0) || (n == 7 && strncmp(p, "openssh", 7) == 0);
}

struct ssh_hit {
    const char *pkg;
};

static bool find_ssh_pkg(void *ud, const char *pkg)
{
    struct ssh_hit *h = ud;
    if (is_ssh_server_pkg(pkg)) { h->pkg = pkg; return false; }
    return true;
}

static void run_sshd(struct rule_ctx *ctx, const struct build *b, const struct df_instr *in,
                     const struct sh_script *s, void *ud)
{
    (void)b; (void)ud;
    for (size_t i = 0; i < s->n; i++) {
        const struct sh_cmd *c = &s->cmds[i];
        struct pkg_call p;
        pkgcmd_classify(c, &p);
        if (p.op == PKGOP_INSTALL && p.mgr < PKG_PIP) {
            struct ssh_hit h = {NULL};
            /* apk's "openssh" bundles the server; elsewhere it is the client meta package. */
            pkgcmd_each_package(c, &p, find_ssh_pkg, &h);
            if (h.pkg && !(strncmp(h.pkg, "openssh", 7) == 0 && h.pkg[7] != '-' && p.mgr != PKG_APK))
                rule_emit(ctx, at_line(c->line), in->raw, "installs the SSH server package '%s'", h.pkg);
            continue;
        }
        size_t k = sh_cmd_unwrap(c);
        if (k >= c->nwords) continue;
        const char *name = sh_word_base(c, k);
        if (eq(name, "sshd") || eq(name, "dropbear"))
            rule_emit(ctx, at_line(c->line), in->raw, "starts an SSH server (%s)", name);
        else if (eq(name, "service") && k + 2 < c->nwords && (eq(c->words[k + 1], "ssh") || eq(c->words[k + 1], "sshd")))
            rule_emit(ctx, at_line(c->line), in->raw, "starts an SSH server (service %s)", c->words[k + 1]);
    }
}

static void check_sshd(struct rule_ctx *ctx, const void *subject)
{
    const struct build *b = subject;
    each_run(ctx, b, TOPIC_SSH, run_sshd, NULL);
    for (size_t i = 0; i < b->ninstrs; i++) {
        const struct df_instr *in = &b->instrs[i];
        if ((in->kind == DF_CMD || in->kind == DF_ENTRYPOINT) && in->nargs &&
            (eq(base_of(in->args[0]), "sshd") || eq(base_of(in->args[0]), "dropbear")))
            rule_emit(ctx, at(in), in->raw, "%s runs an SSH server", df_kind_name(in->kind));
    }
}

/* DG-B001: a user created but never switched to. */
static bool cmd_creates_user(const struct sh_cmd *c, const char **name)
{
    size_t k = sh_cmd_unwrap(c);
    if (k >= c->nwords) return false;
    const char *n = sh_word_base(c, k);
    if (!eq(n, "useradd") && !eq(n, "adduser")) return false;
    *name = c->words[c->nwords - 1];
    return c->nwords > k + 1;
}

static void check_user_not_used(struct rule_ctx *ctx, const void *subject)
{
    const struct build *b = subject;
    if (!b->nstages) return;
    int created_line = 0;
    const struct df_instr *created_in = NULL;
    const char *created_name = NULL;
    char *owned = NULL;
    bool switched = false;
    for (size_t i = 0; i < b->ninstrs; i++) {
        const struct df_instr *in = &b->instrs[i];
        if (!stage_in_final(b, in->stage)) continue;
        if (in->kind == DF_USER && in->nargs) {
            switched = !is_user_is_root(in->args[0]);
            continue;
        }
        if (in->kind != DF_RUN) continue;
        if (!run_mentions(memo_of(ctx), in, TOPIC_USER)) continue;
        const struct sh_script *s = in->script;
        for (size_t c = 0; c < s->n; c++) {
            const char *name;
            if (cmd_creates_user(&s->cmds[c], &name)) {
                created_line = s->cmds[c].line;
                created_in = in;
                free(owned);
                owned = dg_xstrdup(name);
                created_name = owned;
                switched = false;
            }
        }
    }
    if (created_in && !switched)
        rule_emit(ctx, at_line(created_line), created_in->raw,
                  "user '%s' is created but the image does not switch to it with USER", created_name);
    free(owned);
}

/* DG-B050: useradd with a large UID and no -l (lastlog grows sparse files). */
static void run_useradd_uid(struct rule_ctx *ctx, const struct build *b, const struct df_instr *in,
                            const struct sh_script *s, void *ud)
{
    (void)b; (void)ud;
    for (size_t i = 0; i < s->n; i++) {
        const struct sh_cmd *c = &s->cmds[i];
        size_t k = sh_cmd_unwrap(c);
        if (k >= c->nwords || !eq(sh_word_base(c, k), "useradd")) continue;
        if (cmd_has_option(c, k + 1, "--no-log-init", 'l')) continue;
        for (size_t j = k + 1; j < c->nwords; j++) {
            const char *v = NULL;
            if ((eq(c->words[j], "-u") || eq(c->words[j], "--uid")) && j + 1 < c->nwords) v = c->words[j + 1];
            else if (dg_str_has_prefix(c->words[j], "--uid=")) v = c->words[j] + 6;
            else if (dg_str_has_prefix(c->words[j], "-u") && isdigit((unsigned char)c->words[j][2])) v = c->words[j] + 2;
            if (v && strspn(v, "0123456789") == strlen(v) && strlen(v) >= 6) {
                rule_emit(ctx, at_line(c->line), in->raw,
                          "useradd with UID %s and without -l/--no-log-init creates a huge /var/log/lastlog", v);
                break;
            }
        }
    }
}

static void check_useradd_uid(struct rule_ctx *ctx, const void *subject)
{
    each_run(ctx, subject, TOPIC_USERADD, run_useradd_uid, NULL);
}

/* ------------------------------------------------------------ ADD / COPY */

static bool is_url(const char *s)
{
    /* The first byte settles most sources before any comparison. */
    return (s[0] == 'h' && (strncmp(s, "http://", 7) == 0 || strncmp(s, "https://", 8) == 0)) ||
           (s[0] == 'f' && strncmp(s, "ftp://", 6) == 0);
}

static bool is_git_src(const char *s)
{
    if (dg_str_has_prefix(s, "git@") || dg_str_has_prefix(s, "git://") || dg_str_has_prefix(s, "ssh://")) return true;
    if (!is_url(s)) return false;
    size_t n = strcspn(s, "#?");
    return (n >= 4 && strncmp(s + n - 4, ".git", 4) == 0);
}

static bool is_archive_name(const char *s)
{
    static const char *const ext[] = {".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tbz", ".tar.xz", ".txz",
                                      ".tar.zst", ".tzst", ".tar.lz", ".tar.lzma", ".gz", ".bz2", ".xz", ".zst"};
    size_t n = strcspn(s, "?#");
    for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++) {
        size_t e = strlen(ext[i]);
        if (n >= e && strncasecmp(s + n - e, ext[i], e) == 0) return true;
    }
    return false;
}

/* Sources of a COPY/ADD (all words but the destination). */
static size_t nsources(const struct df_instr *in)
{
    return in->nargs > 1 ? in->nargs - 1 : 0;
}

/* DG-B002: ADD from a URL without --checksum. */
static void check_add_url(struct rule_ctx *ctx, const void *subject)
{
    const struct build *b = subject;
    for (size_t i = 0; i < b->ninstrs; i++) {
        const struct df_instr *in = &b->instrs[i];
        if (in->kind != DF_ADD || df_flag_has(in, "checksum")) continue;
        for (size_t a = 0; a < nsources(in); a++)
            if (is_url(in->args[a]) && !is_git_src(in->args[a]))
                rule_emit(ctx, at(in), in->raw, "ADD downloads %s without --checksum", in->args[a]);
    }
}

/* DG-B003: ADD of local files that are not archives (COPY is meant). */
static void check_add_local(struct rule_ctx *ctx, const void *subject)
{
    const struct build *b = subject;
    for (size_t i = 0; i < b->ninstrs; i++) {
        const struct df_instr *in = &b->instrs[i];
        if (in->kind != DF_ADD || in->nheredocs) continue;
        for (size_t a = 0; a < nsources(in); a++) {
            const char *s = in->args[a];
            if (is_url(s) || is_git_src(s) || is_archive_name(s) || strchr(s, '$')) continue;
            rule_emit(ctx, at(in), in->raw, "ADD of local '%s' where COPY does the same without surprises", s);
            break;
        }
    }
}

/* DG-B004: ADD of a git repository at a moving reference. */
static void check_add_git(struct rule_ctx *ctx, const void *subject)
{
    const struct build *b = subject;
    for (size_t i = 0; i < b->ninstrs; i++) {
        const struct df_instr *in = &b->instrs[i];
        if (in->kind != DF_ADD || df_flag_has(in, "checksum")) continue;
        for (size_t a = 0; a < nsources(in); a++) {
            const char *s = in->args[a];
            if (!is_git_src(s)) continue;
            const char *hash = strchr(s, '#');
            const char *ref = hash ? hash + 1 : "";
            size_t rn = strcspn(ref, ":");
            bool commit = rn == 40 && strspn(ref, "0123456789abcdef") >= 40;
            if (!commit)
                rule_emit(ctx, at(in), in->raw, "ADD of git repository %s at %s", s,
                          *ref ? "a branch or tag, not a commit" : "its default branch");
        }
    }
}

/* DG-B005: ADD of a remote archive (not extracted, unlike a local one). */
static void check_add_remote_archive(struct rule_ctx *ctx, const void *subject)
{
    const struct build *b = subject;
    for (size_t i = 0; i < b->ninstrs; i++) {
        const struct df_instr *in = &b->instrs[i];
        if (in->kind != DF_ADD) continue;
        for (size_t a = 0; a < nsources(in); a++)
            if (is_url(in->args[a]) && !is_git_src(in->args[a]) && is_archive_name(in->args[a]))
                rule_emit(ctx, at(in), in->raw, "ADD of remote archive %s copies it unextracted", in->args[a]);
    }
}

/* DG-B006: the whole context is copied and there is no .dockerignore. */
static void check_copy_all_no_ignore(struct rule_ctx *ctx, const void *subject)
{
    const struct build *b = subject;
    if (b->has_dockerignore) return;
    /* Only what reaches the final image matters: a build stage that copies
     * everything and hands on a compiled artefact does not ship the context. */
    const struct df_instr *copy = memo_of(ctx)->context_copy;
    if (copy)
        rule_emit(ctx, at(copy), copy->raw, "%s copies the whole build context and there is no .dockerignore",
                  df_kind_name(copy->kind));
}

/* Paths that stand for the usual credential files; each must be excluded. */
static const struct {
    const char *probe;   /* a path in the context */
    const char *what;    /* the pattern a .dockerignore should have */
} secret_probes[] = {
    {".env", ".env"},
    {"server.pem", "*.pem"},
    {"server.key", "*.key"},
    {"id_rsa", "id_rsa*"},
    {".ssh/id_ed25519", ".ssh/"},
    {".aws/credentials", ".aws/"},
    {".git/config", ".git/"},
    {".npmrc", ".npmrc"},
    {".docker/config.json", ".docker/config.json"},
    {"cert.p12", "*.p12"},
    {"kubeconfig", "kubeconfig"},
};

/* DG-B007: a .dockerignore that lets credential files through. */
static void check_ignore_weak(struct rule_ctx *ctx, const void *subject)
{
    const struct build *b = subject;
    if (!b->has_dockerignore || !b->ignore) return;
    const struct df_instr *copy = memo_of(ctx)->context_copy;
    if (!copy) return;
    struct dg_buf missing;
    dg_buf_init(&missing, 4096);
    unsigned n = 0;
    for (size_t i = 0; i < sizeof secret_probes / sizeof secret_probes[0]; i++)
        if (!dockerignore_excluded(b->ignore, secret_probes[i].probe)) {
            if (n++) dg_buf_puts(&missing, ", ");
            dg_buf_puts(&missing, secret_probes[i].what);
        }
    if (n)
        rule_emit(ctx, at(copy), copy->raw, "%s copies the whole context and .dockerignore does not exclude %s",
                  df_kind_name(copy->kind), missing.data);
    dg_buf_free(&missing);
}

/* A file name that is (almost always) a credential. Every file of a
 * copied build context and every COPY source is asked, so most names are
 * dismissed by their length, first bytes or last dot rather than by one
 * string comparison per pattern. */
static bool secret_file_name(const char *path)
{
    const char *n = base_of(path);
    size_t nl = strlen(n);
    static const struct lit exact[] = {LIT(".env"), LIT(".npmrc"), LIT(".pypirc"), LIT(".netrc"),
                                       LIT(".git-credentials"), LIT(".dockercfg"), LIT("credentials"),
                                       LIT("kubeconfig"), LIT(".htpasswd"), LIT("secrets.yml"), LIT("secrets.yaml"),
                                       LIT("secrets.json"), LIT(".vault-token"), LIT("terraform.tfvars")};
    if (lit_in(n, nl, exact, sizeof exact / sizeof exact[0])) return true;
    if (n[0] == 'i' && n[1] == 'd' && n[2] == '_') {
        static const char *const prefix[] = {"id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", NULL};
        for (size_t i = 0; prefix[i]; i++)
            if (dg_str_has_prefix(n, prefix[i]) && !dg_str_has_suffix(n, ".pub")) return true;
    }
    if (n[0] == '.' && dg_str_has_prefix(n, ".env.")) {
        /* .env.example / .env.sample / .env.template document variables, they hold none. */
        const char *sfx = n + 5;
        return !(eq(sfx, "example") || eq(sfx, "sample") || eq(sfx, "template") || eq(sfx, "dist") ||
                 eq(sfx, "defaults"));
    }
    /* No extension below has a dot inside: the name ends with one exactly
     * when its text from the last dot is that extension. */
    const char *dot = strrchr(n, '.');
    static const struct lit ext[] = {LIT(".pem"), LIT(".key"), LIT(".p12"), LIT(".pfx"), LIT(".jks"),
                                     LIT(".keystore"), LIT(".kubeconfig"), LIT(".ovpn")};
    if (dot && lit_in(dot, nl - (size_t)(dot - n), ext, sizeof ext / sizeof ext[0])) return true;
    if (strstr(path, ".docker/config.json")) return true;
    /* A folder of credentials as any component of the path. */
    static const struct lit dirs[] = {LIT(".ssh"), LIT(".aws"), LIT(".gnupg"), LIT(".kube"), LIT(".docker")};
    for (const char *c = path;;) {
        size_t cl = strcspn(c, "/");
        if (c[0] == '.' && lit_in(c, cl, dirs, sizeof dirs / sizeof dirs[0])) return true;
        if (!c[cl]) return false;
        c += cl + 1;
    }
}

/* DG-B008: credential files present in the build context that a whole-
 * context COPY would put into the image. The source lists the context
 * (bounded, no symbolic links followed, no file contents read). */
#define CTX_MAX_REPORTED 20

static void check_context_secrets(struct rule_ctx *ctx, const void *subject)
{
    const struct build *b = subject;
    const struct df_instr *copy = memo_of(ctx)->context_copy;
    if (!copy) return;
    if (!b->context_listed) {
        rule_skip(ctx, "the build context folder is not known");
        return;
    }
    unsigned reported = 0, more = 0;
    for (size_t i = 0; i < b->context_files.n; i++) {
        const char *r = b->context_files.v[i];
        if (!secret_file_name(r) || eq(r, ".dockerignore") || (b->ignore && dockerignore_excluded(b->ignore, r)))
            continue;
        if (reported < CTX_MAX_REPORTED) {
            rule_emit(ctx, at(copy), copy->raw, "%s copies the build context, which contains credential file '%s'",
                      df_kind_name(copy->kind), r);
            reported++;
        } else {
            more++;
        }
    }
    if (more)
        rule_emit(ctx, at(copy), copy->raw, "%u more credential files in the build context would be copied", more);
    if (b->context_truncated)
        rule_skip(ctx, "the build context is too large or has unreadable folders; only part of it was checked");
}

/* DG-B009: an explicit COPY/ADD of a credential file. */
static void check_copy_secret_file(struct rule_ctx *ctx, const void *subject)
{
    const struct build *b = subject;
    for (size_t i = 0; i < b->ninstrs; i++) {
        const struct df_instr *in = &b->instrs[i];
        if ((in->kind != DF_COPY && in->kind != DF_ADD) || df_flag_has(in, "from")) continue;
        for (size_t a = 0; a < nsources(in); a++)
            if (!is_url(in->args[a]) && secret_file_name(in->args[a])) {
                rule_emit(ctx, at(in), in->raw, "%s puts credential file '%s' into an image layer",
                          df_kind_name(in->kind), in->args[a]);
                break;
            }
    }
}

/* ----------------------------------------------------- secrets in ENV/ARG */

/* Why a key/value pair looks like a literal secret, or NULL. */
static const char *kv_secret(const char *key, const char *value, char *why, size_t whylen)
{
    if (!value || !*value || secrets_value_is_placeholder(value)) return NULL;
    struct secret_match m;
    if (secrets_value_match(value, strlen(value), &m)) {
        snprintf(why, whylen, "its value looks like a %s", m.kind);
        return why;
    }
    /* A value built from other variables is a reference, not a literal. */
    if (strchr(value, '$')) return NULL;
    if (secrets_name_sensitive(key)) {
        snprintf(why, whylen, "its name suggests a credential and it has a literal value");
        return why;
    }
    return NULL;
}

static void check_kv_secrets(struct rule_ctx *ctx, const struct build *b, enum df_kind kind)
{
    char why[160];
    for (size_t i = 0; i < b->ninstrs; i++) {
        const struct df_instr *in = &b->instrs[i];
        if (in->kind != kind) continue;
        for (size_t k = 0; k < in->nkvs; k++)
            if (kv_secret(in->kvs[k].key, in->kvs[k].value, why, sizeof why))
                rule_emit(ctx, at_line(in->kvs[k].line ? in->kvs[k].line : in->line), NULL, "%s %s: %s",
                          df_kind_name(kind), in->kvs[k].key, why);
    }
    /* ARGs before the first FROM are normally instructions with stage -1;
     * read meta_args only when a source did not keep them as instructions. */
    bool meta_in_instrs = false;
    for (size_t i = 0; i < b->ninstrs && !meta_in_instrs; i++)
        if (b->instrs[i].kind == DF_ARG && b->instrs[i].stage < 0) meta_in_instrs = true;
    if (kind == DF_ARG && !meta_in_instrs)
        for (size_t k = 0; k < b->nmeta_args; k++)
            if (kv_secret(b->meta_args[k].key, b->meta_args[k].value, why, sizeof why))
                rule_emit(ctx, at_line(b->meta_args[k].line), NULL, "ARG %s: %s", b->meta_args[k].key, why);
}

/* DG-B010 / DG-B011. Evidence is left out on purpose: it would print the secret. */
static void check_env_secret(struct rule_ctx *ctx, const void *subject)
{
    check_kv_secrets(ctx, subject, DF_ENV);
}

static void check_arg_secret(struct rule_ctx *ctx, const void *subject)
{
    check_kv_secrets(ctx, subject, DF_ARG);
}

/* DG-B056: an ARG named like a secret (its --build-arg value is kept in the
 * image history even without a default). */
static void check_arg_secret_name(struct rule_ctx *ctx, const void *subject)
{
    const struct build *b = subject;
    for (size_t i = 0; i < b->ninstrs; i++) {
        const struct df_instr *in = &b->instrs[i];
        if (in->kind != DF_ARG) continue;
        for (size_t k = 0; k < in->nkvs; k++)
            if ((!in->kvs[k].value || !*in->kvs[k].value) && secrets_name_sensitive(in->kvs[k].key))
                rule_emit(ctx, at_line(in->kvs[k].line ? in->kvs[k].line : in->line), in->raw,
                          "build argument %s is named like a secret; --build-arg values are recorded in the image history",
                          in->kvs[k].key);
    }
}

/* ------------------------------------------------------------ base images */

typedef void (*base_fn)(struct rule_ctx *ctx, const struct build *b, const struct df_stage *s,
                        const struct imageref *r, const char *ref);

/* Calls fn for every stage based on an image (not an earlier stage) whose
 * reference can be judged: parsed, without variables, not scratch. */
static void each_base(struct rule_ctx *ctx, const struct build *b, base_fn fn)
{
    const struct build_memo *m = memo_of(ctx);
    for (size_t i = 0; i < b->nstages; i++) {
        const struct imageref *r = &m->bases[i].r;
        const struct df_stage *s = &b->stages[i];
        if (m->bases[i].parsed && !r->has_var && !r->scratch) fn(ctx, b, s, r, stage_base(b, s));
    }
}

/* The FROM instruction of a stage, at `first` or just before it (sources
 * differ on whether a stage's range includes its FROM). */
static const struct df_instr *stage_from(const struct build *b, const struct df_stage *s)
{
    for (size_t i = s->first + 1; i-- > 0 && i + 2 > s->first;)
        if (i < b->ninstrs && b->instrs[i].kind == DF_FROM && b->instrs[i].line == s->line) return &b->instrs[i];
    return NULL;
}

static struct dg_pos stage_pos(const struct build *b, const struct df_stage *s)
{
    const struct df_instr *f = stage_from(b, s);
    return f ? at(f) : at_line(s->line);
}

static const char *stage_raw(const struct build *b, const struct df_stage *s)
{
    const struct df_instr *f = stage_from(b, s);
    return f ? f->raw : NULL;
}

static void base_latest(struct rule_ctx *ctx, const struct build *b, const struct df_stage *s,
                        const struct imageref *r, const char *ref)
{
    if (imageref_is_unpinned_tag(r))
        rule_emit(ctx, stage_pos(b, s), stage_raw(b, s), "base image %s %s", ref,
                  r->tag ? "uses the moving tag 'latest'" : "has no tag (means 'latest')");
}

/* DG-B012 */
static void check_base_latest(struct rule_ctx *ctx, const void *subject)
{
    each_base(ctx, subject, base_latest);
}

static void base_digest(struct rule_ctx *ctx, const struct build *b, const struct df_stage *s,
                        const struct imageref *r, const char *ref)
{
    /* An untagged/latest base is reported by DG-B012 already. */
    if (!imageref_is_pinned(r) && !imageref_is_unpinned_tag(r))
        rule_emit(ctx, stage_pos(b, s), stage_raw(b, s), "base image %s is not pinned by digest", ref);
}

/* DG-B013 */
static void check_base_digest(struct rule_ctx *ctx, const void *subject)
{
    each_base(ctx, subject, base_digest);
}

static void base_trusted(struct rule_ctx *ctx, const struct build *b, const struct df_stage *s,
                         const struct imageref *r, const char *ref)
{
    if (!imageref_is_trusted(r, ctx->config))
        rule_emit(ctx, stage_pos(b, s), stage_raw(b, s),
                  "base image %s is neither an official image nor from a trusted registry", ref);
}

/* DG-B014 */
static void check_base_trusted(struct rule_ctx *ctx, const void *subject)
{
    each_base(ctx, subject, base_trusted);
}

/* DG-B015: only the final stage ships; build stages may be as large as they like. */
static void check_base_minimal(struct rule_ctx *ctx, const void *subject)
{
    const struct build *b = subject;
    if (!b->nstages) return;
    const struct df_stage *s = &b->stages[final_stage(b)];
    /* Follow FROM <earlier stage> back to the image the final stage starts from. */
    for (size_t guard = 0; s->base_stage >= 0 && (size_t)s->base_stage < b->nstages && guard < b->nstages; guard++)
        s = &b->stages[s->base_stage];
    const struct base_ref *base = &memo_of(ctx)->bases[s - b->stages];
    if (!base->parsed) return;
    const char *hint = imageref_minimal_hint(&base->r);
    if (hint)
        rule_emit(ctx, stage_pos(b, &b->stages[final_stage(b)]), stage_raw(b, &b->stages[final_stage(b)]),
                  "the final image is based on full image %s; consider %s", stage_base(b, s), hint);
}

/* Build args predefined by BuildKit and the classic builder. */
static bool predefined_arg(const char *n, size_t len)
{
    static const char *const pre[] = {"TARGETPLATFORM", "TARGETOS", "TARGETARCH", "TARGETVARIANT", "BUILDPLATFORM",
                                      "BUILDOS", "BUILDARCH", "BUILDVARIANT", "HTTP_PROXY", "HTTPS_PROXY",
                                      "FTP_PROXY", "NO_PROXY", "ALL_PROXY", "http_proxy", "https_proxy",
                                      "ftp_proxy", "no_proxy", "all_proxy", "BUILDKIT_SYNTAX", NULL};
    for (size_t i = 0; pre[i]; i++)
        if (strlen(pre[i]) == len && strncmp(pre[i], n, len) == 0) return true;
    return false;
}

/* DG-B047: FROM refers to a variable that no ARG before the first FROM declares. */
static void check_from_undefined_arg(struct rule_ctx *ctx, const void *subject)
{
    const struct build *b = subject;
    for (size_t i = 0; i < b->nstages; i++) {
        const struct df_stage *s = &b->stages[i];
        const char *p = s->base_raw;
        if (!p) continue;
        while ((p = strchr(p, '$'))) {
            p++;
            bool brace = *p == '{';
            if (brace) p++;
            size_t n = 0;
            while (isalnum((unsigned char)p[n]) || p[n] == '_') n++;
            if (!n) continue;
            bool found = predefined_arg(p, n);
            for (size_t k = 0; k < b->nmeta_args && !found; k++)
                if (strlen(b->meta_args[k].key) == n && strncmp(b->meta_args[k].key, p, n) == 0) found = true;
            /* ${VAR:-default} has a fallback. */
            bool fallback = brace && (p[n] == ':' || p[n] == '-' || p[n] == '+');
            if (!found && !fallback)
                rule_emit(ctx, stage_pos(b, s), stage_raw(b, s),
                          "FROM uses $%.*s, which no ARG before the first FROM declares", (int)n, p);
            p += n;
        }
    }
}

/* --------------------------------------------------- stage and structure */

static void check_multiple(struct rule_ctx *ctx, const struct build *b, enum df_kind kind)
{
    for (size_t st = 0; st < b->nstages; st++) {
        const struct df_stage *s = &b->stages[st];
        const struct df_instr *first = NULL;
        for (size_t i = s->first; i < s->first + s->count && i < b->ninstrs; i++) {
            const struct df_instr *in = &b->instrs[i];
            if (in->kind != kind) continue;
            if (!first) { first = in; continue; }
            rule_emit(ctx, at(in), in->raw, "%s overrides the one on line %d; only the last takes effect",
                      df_kind_name(kind), first->line);
        }
    }
}

/* DG-B037 / B038 / B039 */
static void check_multi_cmd(struct rule_ctx *ctx, const void *subject) { check_multiple(ctx, subject, DF_CMD); }
static void check_multi_entrypoint(struct rule_ctx *ctx, const void *subject)
{
    check_multiple(ctx, subject, DF_ENTRYPOINT);
}
static void check_multi_healthcheck(struct rule_ctx *ctx, const void *subject)
{
    check_multiple(ctx, subject, DF_HEALTHCHECK);
}

/* DG-B040: relative WORKDIR. */
static void check_workdir_relative(struct rule_ctx *ctx, const void *subject)
{
    const struct build *b = subject;
    for (size_t i = 0; i < b->ninstrs; i++) {
        const struct df_instr *in = &b->instrs[i];
        if (in->kind != DF_WORKDIR || !in->nargs) continue;
        const char *p = in->args[0];
        bool abs = p[0] == '/' || p[0] == '$' || p[0] == '\\' ||
                   (isalpha((unsigned char)p[0]) && p[1] == ':');
        if (!abs) rule_emit(ctx, at(in), in->raw, "WORKDIR %s is relative to whatever the previous one was", p);
    }
}

/* DG-B041: cd in RUN at the top level of the command. */
static void run_cd(struct rule_ctx *ctx, const struct build *b, const struct df_instr *in,
                   const struct sh_script *s, void *ud)
{
    (void)b; (void)ud;
    for (size_t i = 0; i < s->n; i++) {
        const struct sh_cmd *c = &s->cmds[i];
        if (c->depth == 0 && eq(sh_cmd_name(c), "cd")) {
            rule_emit(ctx, at_line(c->line), in->raw, "'cd %s' in RUN; WORKDIR states the directory for every later instruction",
                      c->nwords > c->argv0 + 1 ? c->words[c->argv0 + 1] : "");
            return;
        }
    }
}

static void check_cd(struct rule_ctx *ctx, const void *subject)
{
    each_run(ctx, subject, TOPIC_CD, run_cd, NULL);
}

/* DG-B042 */
static void check_maintainer(struct rule_ctx *ctx, const void *subject)
{
    const struct build *b = subject;
    for (size_t i = 0; i < b->ninstrs; i++)
        if (b->instrs[i].kind == DF_MAINTAINER)
            rule_emit(ctx, at(&b->instrs[i]), b->instrs[i].raw, "MAINTAINER is deprecated");
}

/* DG-B043 */
static void check_duplicate_stage(struct rule_ctx *ctx, const void *subject)
{
    const struct build *b = subject;
    for (size_t i = 0; i < b->nstages; i++) {
        if (!b->stages[i].name) continue;
        for (size_t j = 0; j < i; j++)
            if (b->stages[j].name && strcasecmp(b->stages[i].name, b->stages[j].name) == 0) {
                rule_emit(ctx, stage_pos(b, &b->stages[i]), stage_raw(b, &b->stages[i]),
                          "stage name '%s' is already used on line %d", b->stages[i].name, b->stages[j].line);
                break;
            }
    }
}

/* A stage reference: name (case-insensitive) or index. -1 when none. */
static int stage_lookup(const struct build *b, const char *ref)
{
    if (!*ref) return -1;
    if (strspn(ref, "0123456789") == strlen(ref) && strlen(ref) < 6) {
        int n = atoi(ref);
        return n < (int)b->nstages ? n : -1;
    }
    for (size_t i = 0; i < b->nstages; i++)
        if (b->stages[i].name && strcasecmp(b->stages[i].name, ref) == 0) return (int)i;
    return -1;
}

/* DG-B044: COPY --from a stage name that does not exist (before this stage). */
static void check_copy_from_unknown(struct rule_ctx *ctx, const void *subject)
{
    const struct build *b = subject;
    for (size_t i = 0; i < b->ninstrs; i++) {
        const struct df_instr *in = &b->instrs[i];
        const char *from = (in->kind == DF_COPY || in->kind == DF_ADD) ? df_flag_get(in, "from") : NULL;
        if (!from || !*from || strchr(from, '$')) continue;
        /* Anything shaped like an image reference names an image, not a stage. */
        if (strchr(from, '/') || strchr(from, ':') || strchr(from, '@') || strchr(from, '.')) continue;
        int st = stage_lookup(b, from);
        if (st < 0)
            rule_emit(ctx, at(in), in->raw, "--from=%s names no stage; it would be pulled as an image", from);
        else if (st > in->stage && in->stage >= 0)
            rule_emit(ctx, at(in), in->raw, "--from=%s names a stage defined later in the file", from);
    }
}

/* DG-B045: COPY --from the stage being built. */
static void check_copy_from_self(struct rule_ctx *ctx, const void *subject)
{
    const struct build *b = subject;
    for (size_t i = 0; i < b->ninstrs; i++) {
        const struct df_instr *in = &b->instrs[i];
        const char *from = (in->kind == DF_COPY || in->kind == DF_ADD) ? df_flag_get(in, "from") : NULL;
        if (!from || in->stage < 0) continue;
        if (stage_lookup(b, from) == in->stage)
            rule_emit(ctx, at(in), in->raw, "--from=%s refers to the stage this instruction is in", from);
    }
}

/* DG-B046 */
static void check_unknown_instr(struct rule_ctx *ctx, const void *subject)
{
    const struct build *b = subject;
    for (size_t i = 0; i < b->ninstrs; i++)
        if (b->instrs[i].kind == DF_UNKNOWN)
            rule_emit(ctx, at(&b->instrs[i]), b->instrs[i].raw, "unknown instruction '%s'",
                      b->instrs[i].keyword ? b->instrs[i].keyword : "");
}

/* DG-B048: ONBUILD that plants a risky step into every downstream build. */
static void check_onbuild(struct rule_ctx *ctx, const void *subject)
{
    const struct build *b = subject;
    for (size_t i = 0; i < b->ninstrs; i++) {
        const struct df_instr *in = &b->instrs[i];
        const struct df_instr *ob = in->onbuild;
        if (in->kind != DF_ONBUILD || !ob) continue;
        const char *why = NULL;
        if (ob->kind == DF_FROM || ob->kind == DF_MAINTAINER || ob->kind == DF_ONBUILD)
            why = "is not allowed inside ONBUILD";
        else if (ob->kind == DF_ADD)
            why = "adds files or downloads into every image built FROM this one";
        else if (df_instr_copies_context(ob))
            why = "copies the whole build context of every downstream build";
        else if (ob->kind == DF_USER && ob->nargs && is_user_is_root(ob->args[0]))
            why = "switches downstream builds back to root";
        else if (ob->kind == DF_RUN && ob->script) {
            const struct sh_script *s = ob->script;
            for (size_t c = 0; c < s->n && !why; c++) {
                const struct sh_cmd *cmd = &s->cmds[c];
                if (pkgcmd_is_download(cmd) || cmd_runs_fetched_script(cmd)) why = "downloads from the network in every downstream build";
                else if (eq(sh_cmd_name(cmd), "sudo")) why = "runs sudo in every downstream build";
                else if (cmd_tls_off(cmd)) why = "disables TLS verification in every downstream build";
            }
        }
        if (why) rule_emit(ctx, at(in), in->raw, "ONBUILD %s %s", df_kind_name(ob->kind), why);
    }
}

/* DG-B049: EXPOSE values that are not ports. */
static void check_expose(struct rule_ctx *ctx, const void *subject)
{
    const struct build *b = subject;
    for (size_t i = 0; i < b->ninstrs; i++) {
        const struct df_instr *in = &b->instrs[i];
        if (in->kind != DF_EXPOSE) continue;
        for (size_t a = 0; a < in->nargs; a++) {
            const char *p = in->args[a];
            if (strchr(p, '$')) continue;
            char *end;
            bool ok = isdigit((unsigned char)p[0]);
            long lo = ok ? strtol(p, &end, 10) : 0, hi = lo;
            if (ok && *end == '-') {
                ok = isdigit((unsigned char)end[1]);
                hi = ok ? strtol(end + 1, &end, 10) : 0;
            }
            if (ok && *end == '/') {
                const char *proto = end + 1;
                ok = strcasecmp(proto, "tcp") == 0 || strcasecmp(proto, "udp") == 0 || strcasecmp(proto, "sctp") == 0;
            } else if (ok && *end) {
                ok = false;
            }
            if (!ok || lo < 1 || hi > 65535 || hi < lo)
                rule_emit(ctx, at(in), in->raw, "EXPOSE %s is not a port (1-65535, optionally /tcp, /udp or /sctp)", p);
        }
    }
}

/* DG-B051 */
static void check_stopsignal(struct rule_ctx *ctx, const void *subject)
{
    static const char *const sigs[] = {"HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "IOT", "BUS", "FPE", "KILL",
                                       "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT",
                                       "STOP", "TSTP", "TTIN", "TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF",
                                       "WINCH", "IO", "POLL", "PWR", "SYS", NULL};
    const struct build *b = subject;
    for (size_t i = 0; i < b->ninstrs; i++) {
        const struct df_instr *in = &b->instrs[i];
        if (in->kind != DF_STOPSIGNAL) continue;
        const char *s = in->nargs ? in->args[0] : "";
        if (strchr(s, '$')) continue;
        bool ok = false;
        if (isdigit((unsigned char)s[0])) {
            long v = strspn(s, "0123456789") == strlen(s) && strlen(s) < 4 ? atol(s) : 0;
            ok = v >= 1 && v <= 64;
        } else {
            const char *n = strncasecmp(s, "SIG", 3) == 0 ? s + 3 : s;
            for (size_t k = 0; sigs[k] && !ok; k++)
                if (strcasecmp(n, sigs[k]) == 0) ok = true;
            if (!ok && strncasecmp(n, "RTMIN", 5) == 0) ok = true;
            if (!ok && strncasecmp(n, "RTMAX", 5) == 0) ok = true;
        }
        if (!ok || in->nargs != 1) rule_emit(ctx, at(in), in->raw, "STOPSIGNAL '%s' is not a signal", s);
    }
}

/* DG-B052: a pipeline whose failures are hidden (no pipefail). */
static bool shell_has_pipefail(const struct build *b, size_t upto, int stage)
{
    bool pf = false;
    for (size_t i = 0; i < upto; i++) {
        const struct df_instr *in = &b->instrs[i];
        if (in->stage != stage || in->kind != DF_SHELL) continue;
        pf = false;
        for (size_t a = 0; a < in->nargs; a++)
            if (eq(in->args[a], "pipefail") || strstr(in->args[a], "pipefail")) pf = true;
    }
    return pf;
}

static void run_pipefail(struct rule_ctx *ctx, const struct build *b, const struct df_instr *in,
                         const struct sh_script *s, void *ud)
{
    (void)ud;
    if (in->json_form && !(in->nargs && posix_shell(in->args[0]))) return;
    bool pipefail = false;
    for (size_t a = 0; a < in->nargs && in->json_form; a++)
        if (strstr(in->args[a], "pipefail") && a + 1 < in->nargs) pipefail = true;
    for (size_t i = 0; i < s->n; i++) {
        const struct sh_cmd *c = &s->cmds[i];
        if (eq(sh_cmd_name(c), "set"))
            for (size_t k = c->argv0 + 1; k < c->nwords; k++)
                if (eq(c->words[k], "pipefail") || strstr(c->words[k], "pipefail")) pipefail = true;
        if (c->piped && c->depth == 0 && !pipefail) {
            if (shell_has_pipefail(b, (size_t)(in - b->instrs), in->stage)) return;
            rule_emit(ctx, at_line(c->line), in->raw,
                      "'%s' is piped without 'set -o pipefail': its failure does not fail the build", sh_cmd_name(c));
            return;
        }
    }
}

static void check_pipefail(struct rule_ctx *ctx, const void *subject)
{
    each_run(ctx, subject, TOPIC_PIPE, run_pipefail, NULL);
}

/* DG-B054: CMD in shell form (signals go to /bin/sh, not the program). */
static void check_cmd_shell_form(struct rule_ctx *ctx, const void *subject)
{
    const struct build *b = subject;
    for (size_t i = 0; i < b->ninstrs; i++) {
        const struct df_instr *in = &b->instrs[i];
        if (in->kind == DF_CMD && !in->json_form && in->nargs)
            rule_emit(ctx, at(in), in->raw, "CMD in shell form runs under /bin/sh -c, which does not forward signals");
    }
}

/* DG-B059: several sources copied to a destination that is not a folder. */
static void check_copy_multi_dest(struct rule_ctx *ctx, const void *subject)
{
    const struct build *b = subject;
    for (size_t i = 0; i < b->ninstrs; i++) {
        const struct df_instr *in = &b->instrs[i];
        if ((in->kind != DF_COPY && in->kind != DF_ADD) || in->nargs < 3 || in->nheredocs) continue;
        const char *dest = in->args[in->nargs - 1];
        if (!dg_str_has_suffix(dest, "/") && !strchr(dest, '$'))
            rule_emit(ctx, at(in), in->raw, "%s of %zu sources needs a destination ending with '/'",
                      df_kind_name(in->kind), in->nargs - 1);
    }
}

/* ------------------------------------------------------------ rule table */

#define REF_DOCKER_BP "See https://docs.docker.com/build/building/best-practices/."

static const struct rule_def rules[] = {
    {"DG-B001", "A user is created but the image never switches to it", DG_SEV_MEDIUM, DG_MODEL_BUILD, "4.1",
     NULL, NULL, "CIS-DI-0001",
     "The Dockerfile creates an unprivileged account (useradd/adduser) but no later USER instruction in the final "
     "image selects it, so the container still runs as root. Creating the user was the intent; forgetting the USER "
     "line silently throws that protection away, and any compromise of the process is a compromise of root inside "
     "the container (and a step closer to the host).",
     "Add a USER instruction after the account is created and before CMD/ENTRYPOINT, preferably with a numeric "
     "UID:GID so that Kubernetes runAsNonRoot can verify it:\n"
     "  RUN useradd --system --uid 10001 --no-log-init app\n  USER 10001:10001\n"
     "CIS Docker Benchmark 4.1.",
     check_user_not_used},
    {"DG-B002", "ADD downloads a remote file without verifying its checksum", DG_SEV_MEDIUM, DG_MODEL_BUILD, "4.9",
     NULL, "DS005", "CIS-DI-0009",
     "ADD <url> fetches whatever the server returns at build time. Nothing checks that it is the file you reviewed: "
     "a compromised server, a moved release or a man-in-the-middle on a mirror ends up in the image and in every "
     "container started from it. The download is also re-run (or wrongly cached) unpredictably.",
     "Pin the content: `ADD --checksum=sha256:<digest> https://example.com/tool.tar.gz /opt/` (Dockerfile syntax "
     "1.6+), or download with curl in a RUN and verify it with `sha256sum -c` or a signature before use. "
     "CIS Docker Benchmark 4.9 and 4.11.",
     check_add_url},
    {"DG-B003", "ADD is used for local files where COPY is meant", DG_SEV_LOW, DG_MODEL_BUILD, "4.9", "DL3020",
     "DS005", "CIS-DI-0009",
     "ADD has implicit behaviour COPY does not: it auto-extracts local archives and can fetch URLs. Using it for "
     "plain files hides that behaviour from reviewers, and a later rename of a file to *.tar.gz changes what the "
     "build does. COPY states the intent exactly.",
     "Replace `ADD src dest` with `COPY src dest`. Keep ADD only for extracting a local archive or for a remote "
     "source pinned with --checksum. CIS Docker Benchmark 4.9. " REF_DOCKER_BP,
     check_add_local},
    {"DG-B004", "ADD fetches a git repository at a moving reference", DG_SEV_MEDIUM, DG_MODEL_BUILD, "4.9", NULL,
     NULL, NULL,
     "ADD <git-url>#<branch or tag> builds from whatever that reference points to at build time. Branches move and "
     "tags can be re-pointed, so two builds of the same Dockerfile can contain different code, including code "
     "pushed by someone who compromised the repository.",
     "Reference a full commit id (`ADD https://github.com/org/repo.git#<40-hex-commit> /src`) or add "
     "`--checksum=<commit>`; or copy a vendored, reviewed source tree from the context.",
     check_add_git},
    {"DG-B005", "ADD of a remote archive does not extract it", DG_SEV_INFO, DG_MODEL_BUILD, NULL, NULL, NULL, NULL,
     "ADD extracts local tar archives but copies remote ones as-is. A Dockerfile that ADDs a remote *.tar.gz usually "
     "expects extraction and then works around the surprise, or ships the compressed file unused.",
     "Download and extract in one RUN with verification, e.g. `RUN curl -fsSLo /tmp/x.tgz URL && echo \"<sha256>  "
     "/tmp/x.tgz\" | sha256sum -c - && tar -xzf /tmp/x.tgz -C /opt && rm /tmp/x.tgz`.",
     check_add_remote_archive},
    {"DG-B006", "The whole build context is copied and there is no .dockerignore", DG_SEV_MEDIUM, DG_MODEL_BUILD,
     "4.10", NULL, NULL, NULL,
     "`COPY . …` copies everything in the build context into a layer: .git history, .env files, SSH and cloud "
     "credentials, local build output. Without a .dockerignore nothing is filtered, and anything copied stays "
     "readable in the image layers even if a later RUN deletes it.",
     "Add a .dockerignore next to the Dockerfile that excludes at least: .git, .env*, *.pem, *.key, id_rsa*, .ssh/, "
     ".aws/, .npmrc, .docker/, *.p12, kubeconfig, and build output; or copy only the paths you need "
     "(`COPY src/ /app/src/`). CIS Docker Benchmark 4.10.",
     check_copy_all_no_ignore},
    {"DG-B007", ".dockerignore does not exclude common credential files", DG_SEV_LOW, DG_MODEL_BUILD, "4.10", NULL,
     NULL, NULL,
     "The Dockerfile copies the whole context, and the .dockerignore lets common credential files through. If such "
     "a file appears in the context (a developer's .env, a key generated for testing), it is baked into the image "
     "and readable by anyone who can pull it.",
     "Add the listed patterns to .dockerignore, for example:\n  .git\n  .env\n  .env.*\n  *.pem\n  *.key\n  *.p12\n"
     "  id_rsa*\n  .ssh/\n  .aws/\n  .npmrc\n  .docker/\n  kubeconfig\n"
     "CIS Docker Benchmark 4.10.",
     check_ignore_weak},
    {"DG-B008", "Credential files in the build context would be copied into the image", DG_SEV_HIGH, DG_MODEL_BUILD,
     "4.10", NULL, "DS031", "CIS-DI-0010",
     "The build context contains files that hold credentials (keys, .env files, cloud or registry credentials) and "
     "the Dockerfile copies the context without excluding them. They end up in an image layer, where `docker save`, "
     "a registry pull or any container user can read them; deleting them in a later step does not remove them from "
     "the earlier layer.",
     "Exclude the named files in .dockerignore, move them out of the context, and rotate any credential that was "
     "already built into an image. Provide build-time secrets with `RUN --mount=type=secret,id=…` and runtime "
     "secrets through the orchestrator. CIS Docker Benchmark 4.10.",
     check_context_secrets},
    {"DG-B009", "A credential file is copied into the image", DG_SEV_HIGH, DG_MODEL_BUILD, "4.10", NULL, "DS031",
     "CIS-DI-0010",
     "COPY/ADD of a private key, .env file, cloud or package-registry credential stores it in an image layer. "
     "Layers are distributed with the image and cannot be edited: anyone who can pull the image can extract the "
     "file, even if a later instruction deletes it.",
     "Do not copy credentials. For build steps that need them use BuildKit secrets: `RUN --mount=type=secret,id=npmrc,"
     "target=/root/.npmrc npm ci`; for runtime use orchestrator secrets or mounted files. Rotate credentials that "
     "were already built into an image. CIS Docker Benchmark 4.10.",
     check_copy_secret_file},
    {"DG-B010", "ENV stores a secret in the image", DG_SEV_HIGH, DG_MODEL_BUILD, "4.10", NULL, "DS031",
     "CIS-DI-0010",
     "ENV values are part of the image configuration: `docker inspect`, `docker history`, every container's "
     "environment and any process listing inside it show them. A password, token or key set with ENV is published "
     "with the image.",
     "Remove the value from the Dockerfile. Pass runtime secrets through the orchestrator (Docker/Kubernetes "
     "secrets, mounted files) and build-time secrets with `RUN --mount=type=secret,id=token sh -c 'TOKEN=$(cat "
     "/run/secrets/token) …'`. Rotate the exposed credential. CIS Docker Benchmark 4.10.",
     check_env_secret},
    {"DG-B011", "ARG default holds a secret", DG_SEV_HIGH, DG_MODEL_BUILD, "4.10", NULL, "DS031", "CIS-DI-0010",
     "An ARG default is written in the Dockerfile (and so in source control), and build-argument values used by a "
     "RUN are recorded in the image history, visible with `docker history`. A credential given as an ARG default "
     "leaks twice.",
     "Remove the default and use a BuildKit secret instead: `RUN --mount=type=secret,id=token …` with "
     "`docker build --secret id=token,src=token.txt`. Rotate the exposed credential. CIS Docker Benchmark 4.10.",
     check_arg_secret},
    {"DG-B012", "Base image has no tag or uses 'latest'", DG_SEV_MEDIUM, DG_MODEL_BUILD, "4.2", "DL3006,DL3007",
     "DS001", "DKL-DI-0006",
     "An untagged or :latest base image is whatever the registry serves on the day of the build. Builds are not "
     "reproducible, a rebuild can pull a new major version with breaking or vulnerable changes, and a review of the "
     "Dockerfile says nothing about what was actually used.",
     "Use a specific version tag, and ideally a digest: `FROM python:3.12.4-slim@sha256:<digest>`. Let a bot "
     "(Dependabot, Renovate) propose updates so that base changes are reviewed.",
     check_base_latest},
    {"DG-B013", "Base image is not pinned by digest", DG_SEV_INFO, DG_MODEL_BUILD, "4.2", NULL, NULL, NULL,
     "Tags are mutable: the publisher (or an attacker with push access) can point `nginx:1.25` at different content "
     "tomorrow. Only a digest identifies the exact image that was reviewed and scanned.",
     "Append the digest: `FROM nginx:1.25.4@sha256:<digest>` (find it with `docker buildx imagetools inspect "
     "nginx:1.25.4`), and update it through automated pull requests.",
     check_base_digest},
    {"DG-B014", "Base image does not come from a trusted source", DG_SEV_LOW, DG_MODEL_BUILD, "4.2", "DL3026", NULL,
     NULL,
     "The base image is neither a Docker Official Image nor from a registry or publisher listed as trusted in "
     ".dockguard.yaml. Everything in it runs in your container; an unvetted publisher can ship malware, miners or "
     "simply unmaintained software.",
     "Build on official images or on your own vetted base images, and list approved sources in .dockguard.yaml:\n"
     "  trusted-registries: [registry.example.com]\n  trusted-images: [bitnami/redis]\n"
     "CIS Docker Benchmark 4.2.",
     check_base_trusted},
    {"DG-B015", "The final image is based on a full distribution image", DG_SEV_INFO, DG_MODEL_BUILD, "4.3", NULL,
     NULL, NULL,
     "General-purpose distribution and language images carry compilers, shells and hundreds of packages the "
     "application never uses. Each one is attack surface and a source of vulnerability findings to triage.",
     "Use a multi-stage build: compile in the full image, then copy only the result into a slim, alpine, distroless "
     "or scratch final stage. CIS Docker Benchmark 4.3.",
     check_base_minimal},
    {"DG-B016", "A package index update runs in a RUN that installs nothing", DG_SEV_MEDIUM, DG_MODEL_BUILD, "4.7",
     NULL, "DS017", "CIS-DI-0007",
     "The layer created by `RUN apt-get update` alone is cached. Later builds reuse the stale index while a later "
     "RUN installs packages, which installs outdated versions or fails when the mirror dropped them — and security "
     "updates are silently skipped.",
     "Update and install in the same RUN and clean up in it too:\n"
     "  RUN apt-get update && apt-get install -y --no-install-recommends curl \\\n"
     "      && rm -rf /var/lib/apt/lists/*\n"
     "CIS Docker Benchmark 4.7.",
     check_update_alone},
    {"DG-B017", "apt-get install without --no-install-recommends", DG_SEV_LOW, DG_MODEL_BUILD, "4.3", "DL3015",
     "DS029", NULL,
     "By default apt also installs recommended packages: often dozens of extra binaries and libraries the "
     "application never uses, each adding size and vulnerabilities.",
     "Add --no-install-recommends: `apt-get install -y --no-install-recommends <pkg>`, and install explicitly what "
     "is really needed. CIS Docker Benchmark 4.3.",
     check_apt_recommends},
    {"DG-B018", "apt package lists are left in the image", DG_SEV_LOW, DG_MODEL_BUILD, NULL, "DL3009", NULL,
     "DKL-DI-0005",
     "`apt-get update` downloads package lists into /var/lib/apt/lists (tens of MB). Left there, they bloat the "
     "layer and describe an index that is stale the moment the image is pushed.",
     "Remove them in the same RUN that installs: `… && rm -rf /var/lib/apt/lists/*`, or use a BuildKit cache mount "
     "(`RUN --mount=type=cache,target=/var/lib/apt/lists …`).",
     check_apt_lists},
    {"DG-B019", "apk add without --no-cache", DG_SEV_LOW, DG_MODEL_BUILD, NULL, "DL3019", "DS025", "DKL-DI-0004",
     "Without --no-cache apk keeps its package index under /var/cache/apk in the layer: wasted size and a stale "
     "index in the shipped image.",
     "Use `apk add --no-cache <pkg>` (it fetches the index and does not store it), or remove /var/cache/apk/* in the "
     "same RUN.",
     check_apk_cache},
    {"DG-B020", "The build upgrades all base image packages", DG_SEV_INFO, DG_MODEL_BUILD, NULL, "DL3005", "DS024",
     "DKL-DI-0003",
     "`apt-get upgrade`, `dist-upgrade`, `apk upgrade` or `yum update` in a Dockerfile makes the result depend on the "
     "day of the build and can pull major changes into an otherwise pinned base. It often signals that the base image "
     "itself is outdated.",
     "Prefer a newer, patched base image tag (rebuilt regularly) over upgrading inside the build. If you must, pin the "
     "base by digest and upgrade only specific packages with versions.",
     check_upgrade},
    {"DG-B021", "Package installation would wait for confirmation (-y missing)", DG_SEV_LOW, DG_MODEL_BUILD, NULL,
     "DL3014,DL3030,DL3038,DL3034", "DS021", NULL,
     "Without -y (or zypper -n) the package manager asks for confirmation, which fails or hangs a non-interactive "
     "build; builds then get 'fixed' with workarounds like `yes |` that hide real prompts.",
     "Pass the assume-yes option: `apt-get install -y`, `yum install -y`, `dnf install -y`, `zypper -n install`.",
     check_assume_yes},
    {"DG-B022", "apt packages are installed without pinned versions", DG_SEV_INFO, DG_MODEL_BUILD, NULL, "DL3008",
     NULL, NULL,
     "Unversioned `apt-get install pkg` installs whatever the mirror offers at build time, so rebuilds differ "
     "silently and a regression or compromised package version is picked up without review.",
     "Pin versions: `apt-get install -y pkg=1.2.3-1`, and update them deliberately (e.g. with Renovate), or rely on "
     "a pinned base image digest plus a periodic rebuild policy.",
     check_pin_apt},
    {"DG-B023", "apk packages are installed without pinned versions", DG_SEV_INFO, DG_MODEL_BUILD, NULL, "DL3018",
     NULL, NULL,
     "Unversioned `apk add pkg` installs whatever the repository offers at build time, so rebuilds differ silently.",
     "Pin versions: `apk add --no-cache pkg=1.2.3-r0` (or `pkg~1.2` for a patch-level range).",
     check_pin_apk},
    {"DG-B024", "pip packages are installed without pinned versions", DG_SEV_LOW, DG_MODEL_BUILD, "4.11", "DL3013",
     NULL, NULL,
     "`pip install pkg` resolves the newest release at build time, including a freshly published malicious or "
     "broken one (dependency confusion, typosquat takeovers). Builds are not reproducible.",
     "Pin versions (`pip install pkg==1.2.3`) or install from a lock file with hashes: `pip install --require-hashes "
     "-r requirements.txt`. CIS Docker Benchmark 4.11.",
     check_pin_pip},
    {"DG-B025", "npm packages are installed without pinned versions", DG_SEV_LOW, DG_MODEL_BUILD, "4.11", "DL3016",
     NULL, NULL,
     "`npm install pkg` takes the newest release at build time; a compromised maintainer account publishing a new "
     "version reaches your image on the next build.",
     "Pin versions (`npm install pkg@1.2.3`) or, better, install from the lock file with `npm ci`. "
     "CIS Docker Benchmark 4.11.",
     check_pin_npm},
    {"DG-B026", "gems are installed without pinned versions", DG_SEV_LOW, DG_MODEL_BUILD, "4.11", "DL3028", NULL,
     NULL,
     "`gem install name` takes the newest release at build time, so rebuilds change silently and a malicious release "
     "is picked up without review.",
     "Pin versions: `gem install name:1.2.3` or `gem install name -v 1.2.3`, or use Bundler with a Gemfile.lock. "
     "CIS Docker Benchmark 4.11.",
     check_pin_gem},
    {"DG-B027", "yum/dnf/zypper caches are not cleaned after installing", DG_SEV_LOW, DG_MODEL_BUILD, NULL,
     "DL3032,DL3040,DL3036", "DS015,DS019,DS020", NULL,
     "yum, dnf and zypper keep metadata and downloaded packages under /var/cache. Left in the layer they add tens "
     "or hundreds of MB to the image.",
     "Clean in the same RUN: `dnf install -y pkg && dnf clean all` (yum clean all, zypper clean -a), or use a "
     "BuildKit cache mount on /var/cache/dnf.",
     check_rpm_clean},
    {"DG-B028", "pip install keeps its download cache in the image", DG_SEV_LOW, DG_MODEL_BUILD, NULL, "DL3042",
     NULL, NULL,
     "pip caches downloaded wheels under ~/.cache/pip. In an image layer that cache is dead weight, often larger "
     "than the installed packages.",
     "Use `pip install --no-cache-dir …`, set `ENV PIP_NO_CACHE_DIR=1`, or use a BuildKit cache mount "
     "(`RUN --mount=type=cache,target=/root/.cache/pip pip install …`).",
     check_pip_cache},
    {"DG-B029", "A script downloaded from the network is run by a shell", DG_SEV_HIGH, DG_MODEL_BUILD, "4.11", NULL,
     NULL, NULL,
     "`curl … | sh`, `sh -c \"$(wget …)\"` and `bash <(curl …)` run whatever the server returns, unverified, as the "
     "build user (usually root). A compromised or hijacked download host, a truncated transfer or a changed script "
     "goes straight into the image.",
     "Download to a file, verify a pinned checksum or signature, then run it:\n"
     "  RUN curl -fsSLo /tmp/install.sh https://example.com/install.sh \\\n"
     "   && echo \"<sha256>  /tmp/install.sh\" | sha256sum -c - && sh /tmp/install.sh\n"
     "Prefer distribution packages or release artefacts with published checksums.",
     check_pipe_shell},
    {"DG-B030", "TLS certificate verification is disabled", DG_SEV_HIGH, DG_MODEL_BUILD, "4.11", NULL, NULL, NULL,
     "curl -k, wget --no-check-certificate, pip --trusted-host, npm strict-ssl false, git http.sslVerify false, "
     "NODE_TLS_REJECT_UNAUTHORIZED=0 and PYTHONHTTPSVERIFY=0 accept any certificate, so anyone on the network path "
     "can substitute the downloaded code. When set with ENV the setting also stays active in every container.",
     "Remove the option and fix the trust problem instead: install the CA (`COPY corp-ca.crt "
     "/usr/local/share/ca-certificates/ && update-ca-certificates`) or point the tool at it (`curl --cacert`, "
     "`pip --cert`, `npm config set cafile`, `NODE_EXTRA_CA_CERTS`). CIS Docker Benchmark 4.11.",
     check_tls},
    {"DG-B031", "Packages are installed without signature verification", DG_SEV_HIGH, DG_MODEL_BUILD, "4.11", NULL,
     NULL, NULL,
     "apt-get --allow-unauthenticated / --force-yes, a `[trusted=yes]` APT source, yum/dnf --nogpgcheck, zypper "
     "--no-gpg-checks and apk --allow-untrusted install packages whose signatures are not checked, so a tampered "
     "mirror or a man-in-the-middle can install anything.",
     "Import the repository's signing key (`/etc/apt/keyrings/*.gpg` with `signed-by=`, `rpm --import`, "
     "`/etc/apk/keys/`) and drop the bypass option. CIS Docker Benchmark 4.11.",
     check_unsigned},
    {"DG-B032", "Docker content trust is disabled", DG_SEV_MEDIUM, DG_MODEL_BUILD, "4.5", NULL, NULL, "CIS-DI-0005",
     "DOCKER_CONTENT_TRUST=0 or --disable-content-trust turns off image signature verification for docker commands "
     "run during the build (or, via ENV, in containers of the image), allowing unsigned or tampered images to be "
     "pulled and run.",
     "Remove the override and keep `DOCKER_CONTENT_TRUST=1` where docker commands run; sign and verify images "
     "(Notary / cosign). CIS Docker Benchmark 4.5.",
     check_content_trust},
    {"DG-B033", "sudo is used in RUN", DG_SEV_MEDIUM, DG_MODEL_BUILD, NULL, "DL3004", "DS010", "DKL-DI-0001",
     "RUN already runs as the current USER; sudo in a Dockerfile means sudo is installed and configured in the "
     "image, which gives any process in the container an easy path to root, and its TTY/PAM behaviour makes builds "
     "unpredictable.",
     "Run the privileged steps before switching USER (or switch back with `USER root` for them), then drop to the "
     "unprivileged user. Do not install sudo in images; use gosu/su-exec in entrypoints only when needed.",
     check_sudo},
    {"DG-B034", "Files are made writable by every user", DG_SEV_MEDIUM, DG_MODEL_BUILD, NULL, NULL, NULL, NULL,
     "chmod 777 / o+w (or COPY --chmod=777) lets any user in the container modify the files, so a compromised "
     "unprivileged process can change code or configuration that a privileged one later runs.",
     "Give ownership to the user that needs to write (`COPY --chown=app:app …`, `chown app:app /data`) and use modes "
     "like 755/644 (or 1777 with the sticky bit for shared scratch directories).",
     check_world_writable},
    {"DG-B035", "An SSH server is installed or started in the image", DG_SEV_MEDIUM, DG_MODEL_BUILD, "5.7", NULL,
     NULL, NULL,
     "Containers should run one service; an SSH daemon adds a remotely reachable login service with its own keys, "
     "users and patches to manage, and is a common foothold. `docker exec` already provides administrative access.",
     "Remove openssh-server/dropbear and any sshd start-up; use `docker exec` (or `kubectl exec`) for debugging. "
     "CIS Docker Benchmark 5.7.",
     check_sshd},
    {"DG-B036", "setuid or setgid bits are added", DG_SEV_MEDIUM, DG_MODEL_BUILD, "4.8", NULL, NULL, "CIS-DI-0008",
     "A setuid/setgid binary runs with its owner's (usually root's) privileges whoever starts it. Adding such bits in "
     "a Dockerfile creates a privilege-escalation path for any process in the container.",
     "Do not add setuid/setgid bits; grant a specific capability instead (`setcap cap_net_bind_service=+ep`) or "
     "run the process as the needed user. Also consider removing existing bits: `RUN find / -xdev -perm /6000 "
     "-type f -exec chmod a-s {} +`, and run with `--security-opt no-new-privileges`. CIS Docker Benchmark 4.8.",
     check_setuid},
    {"DG-B037", "A stage has several CMD instructions", DG_SEV_LOW, DG_MODEL_BUILD, NULL, "DL4003", "DS016", NULL,
     "Only the last CMD of a stage takes effect. Earlier ones are dead code that misleads readers about how the "
     "container starts.",
     "Keep exactly one CMD per stage (the last one); remove the others.",
     check_multi_cmd},
    {"DG-B038", "A stage has several ENTRYPOINT instructions", DG_SEV_LOW, DG_MODEL_BUILD, NULL, "DL4004", "DS007",
     NULL,
     "Only the last ENTRYPOINT of a stage takes effect; earlier ones are ignored and mislead readers.",
     "Keep exactly one ENTRYPOINT per stage.",
     check_multi_entrypoint},
    {"DG-B039", "A stage has several HEALTHCHECK instructions", DG_SEV_LOW, DG_MODEL_BUILD, NULL, "DL3012",
     "DS023", NULL,
     "Only the last HEALTHCHECK of a stage takes effect; an earlier, perhaps stricter check is silently dropped.",
     "Keep exactly one HEALTHCHECK per stage.",
     check_multi_healthcheck},
    {"DG-B040", "WORKDIR is a relative path", DG_SEV_LOW, DG_MODEL_BUILD, NULL, "DL3000", "DS009", NULL,
     "A relative WORKDIR is resolved against the previous WORKDIR, which may come from the base image and change "
     "with it. Files then land in unexpected places.",
     "Use absolute paths: `WORKDIR /app`.",
     check_workdir_relative},
    {"DG-B041", "RUN changes directory with cd", DG_SEV_INFO, DG_MODEL_BUILD, NULL, "DL3003", "DS013", NULL,
     "A `cd` lasts only for its RUN. Chains of `cd … &&` are hard to follow and easy to break; WORKDIR states the "
     "directory once, for every later instruction.",
     "Use `WORKDIR /path` before the RUN, or absolute paths (`make -C /src`).",
     check_cd},
    {"DG-B042", "MAINTAINER is deprecated", DG_SEV_INFO, DG_MODEL_BUILD, NULL, "DL4000", "DS022", NULL,
     "MAINTAINER has been deprecated since Docker 1.13; tooling reads the OCI label instead.",
     "Replace it with `LABEL org.opencontainers.image.authors=\"name@example.com\"`.",
     check_maintainer},
    {"DG-B043", "Two stages have the same name", DG_SEV_LOW, DG_MODEL_BUILD, NULL, "DL3024", "DS012", NULL,
     "Stage names must be unique; BuildKit rejects duplicates and older builders silently use one of them for "
     "`COPY --from` and `--target`.",
     "Give every stage a distinct name (`FROM … AS build`, `FROM … AS test`).",
     check_duplicate_stage},
    {"DG-B044", "COPY --from names a stage that does not exist", DG_SEV_LOW, DG_MODEL_BUILD, NULL, "DL3022", NULL,
     NULL,
     "When `--from=name` matches no earlier stage, Docker treats it as an image name and pulls it from a registry: a "
     "typo becomes a silent dependency on whatever image of that name exists (a typosquatting risk).",
     "Refer to a stage defined earlier in the file (`FROM … AS build` then `COPY --from=build …`), or use a full, "
     "pinned image reference.",
     check_copy_from_unknown},
    {"DG-B045", "COPY --from refers to its own stage", DG_SEV_LOW, DG_MODEL_BUILD, NULL, "DL3023", "DS006", NULL,
     "A stage cannot copy from itself; the build fails or, with an image of the same name, copies from something "
     "else entirely.",
     "Copy from an earlier stage, or copy from the build context without --from.",
     check_copy_from_self},
    {"DG-B046", "Unknown instruction", DG_SEV_LOW, DG_MODEL_BUILD, NULL, NULL, NULL, NULL,
     "The builder rejects instructions it does not know; a misspelt keyword usually means an intended step (often a "
     "USER or HEALTHCHECK) is missing.",
     "Fix the keyword (FROM, RUN, CMD, LABEL, EXPOSE, ENV, ADD, COPY, ENTRYPOINT, VOLUME, USER, WORKDIR, ARG, "
     "ONBUILD, STOPSIGNAL, HEALTHCHECK, SHELL).",
     check_unknown_instr},
    {"DG-B047", "FROM uses a variable that is not declared", DG_SEV_LOW, DG_MODEL_BUILD, NULL, NULL, NULL, NULL,
     "Only ARGs declared before the first FROM can be used in FROM. An undeclared variable expands to an empty "
     "string, so the build fails or, worse, resolves to an unintended image such as `:latest`.",
     "Declare it before the first FROM with a safe, pinned default: `ARG BASE=python:3.12-slim@sha256:<digest>` "
     "then `FROM ${BASE}`.",
     check_from_undefined_arg},
    {"DG-B048", "ONBUILD injects a risky step into downstream builds", DG_SEV_LOW, DG_MODEL_BUILD, NULL, "DL3043",
     NULL, NULL,
     "ONBUILD instructions run in every Dockerfile that builds FROM this image, invisible in those Dockerfiles. "
     "Downloads, ADD, copying the whole context or switching to root there affect builds whose authors never see "
     "them. FROM, MAINTAINER and ONBUILD are not allowed inside ONBUILD at all.",
     "Move the step into the downstream Dockerfiles explicitly, or document and restrict it to a harmless COPY of "
     "specific paths.",
     check_onbuild},
    {"DG-B049", "EXPOSE lists something that is not a valid port", DG_SEV_LOW, DG_MODEL_BUILD, NULL, "DL3011",
     "DS008", NULL,
     "EXPOSE takes ports 1-65535 with an optional /tcp, /udp or /sctp. Anything else fails the build or documents a "
     "port the application does not use.",
     "Fix the value: `EXPOSE 8080/tcp`.",
     check_expose},
    {"DG-B050", "useradd with a large UID without -l", DG_SEV_INFO, DG_MODEL_BUILD, NULL, "DL3046", NULL, NULL,
     "useradd records the new user in /var/log/lastlog and faillog, sparse files indexed by UID. With a large UID "
     "they become huge in the layer (gigabytes), since image layers do not keep files sparse.",
     "Pass -l / --no-log-init: `useradd -l -u 1000010000 app`.",
     check_useradd_uid},
    {"DG-B051", "STOPSIGNAL is not a valid signal", DG_SEV_LOW, DG_MODEL_BUILD, NULL, NULL, NULL, NULL,
     "An invalid STOPSIGNAL makes `docker stop` fail to signal the process, so it is killed after the timeout "
     "without a chance to shut down cleanly.",
     "Use a signal name or number, e.g. `STOPSIGNAL SIGTERM` or `STOPSIGNAL SIGQUIT` for nginx.",
     check_stopsignal},
    {"DG-B052", "A pipeline in RUN hides failures (no pipefail)", DG_SEV_INFO, DG_MODEL_BUILD, NULL, "DL4006", NULL,
     NULL,
     "A pipeline's status is that of its last command: in `curl -fsSL URL | tar -xz` a failed download still lets "
     "the build succeed with missing or partial content.",
     "Set pipefail for the stage: `SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]` (or `set -o pipefail && …` in "
     "the RUN; busybox ash supports it too).",
     check_pipefail},
    {"DG-B053", "Both curl and wget are used in one stage", DG_SEV_INFO, DG_MODEL_BUILD, NULL, "DL4001", "DS014",
     NULL,
     "Two download tools double the installed attack surface and the places where TLS options must be reviewed.",
     "Use one of them consistently (or ADD --checksum) and avoid installing the other.",
     check_curl_and_wget},
    {"DG-B054", "CMD uses shell form", DG_SEV_INFO, DG_MODEL_BUILD, NULL, "DL3025", NULL, NULL,
     "Shell-form CMD runs `/bin/sh -c \"…\"` as PID 1: SIGTERM from `docker stop` goes to the shell, not to the "
     "application, which is killed after the timeout instead of shutting down cleanly.",
     "Use the JSON (exec) form: `CMD [\"gunicorn\", \"app:app\"]`; use `exec` in wrapper scripts.",
     check_cmd_shell_form},
    {"DG-B055", "apt is used instead of apt-get", DG_SEV_INFO, DG_MODEL_BUILD, NULL, "DL3027", NULL, NULL,
     "apt is the interactive front end; its command-line interface is not stable and it warns when used in scripts.",
     "Use apt-get (or apt-cache) in Dockerfiles.",
     check_apt_cli},
    {"DG-B056", "A build argument is named like a secret", DG_SEV_MEDIUM, DG_MODEL_BUILD, "4.10", NULL, "DS031",
     NULL,
     "Values passed with --build-arg are recorded in the image history (`docker history --no-trunc`) for the RUN "
     "instructions that use them, so a token handed in this way is published with the image.",
     "Use a BuildKit secret instead: `RUN --mount=type=secret,id=token …` and `docker build --secret "
     "id=token,env=TOKEN`. CIS Docker Benchmark 4.10.",
     check_arg_secret_name},
    {"DG-B059", "COPY/ADD of several sources to a destination that is not a folder", DG_SEV_LOW, DG_MODEL_BUILD,
     NULL, "DL3021", "DS011", NULL,
     "With more than one source the destination must be a directory ending in '/'; otherwise the build fails.",
     "End the destination with a slash: `COPY a.txt b.txt /app/`.",
     check_copy_multi_dest},
    {"DG-B060", "wget without a quiet or progress option", DG_SEV_INFO, DG_MODEL_BUILD, NULL, "DL3047", NULL, NULL,
     "wget's default progress bar writes thousands of lines to the build log for large downloads, hiding useful "
     "output.",
     "Use `wget -q`, `wget -nv` or `wget --progress=dot:giga`.",
     check_wget_progress},
};

const struct rule_table rules_build_table = {rules, sizeof rules / sizeof rules[0]};
