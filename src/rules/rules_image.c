/* Rules written against the image model (an image's configuration): DG-I001…
 * The same checks serve a Dockerfile's final stage (lint), images in the
 * daemon (audit) and image archives (scan). Heuristics over the image
 * history are skipped when the spec comes from a Dockerfile, where the
 * build rules see the instructions themselves. */
#include "rules/tables.h"
#include "rules/pkgcmd.h"
#include "core/secrets.h"
#include "dockerfile/shell.h"
#include "model/build.h"
#include "model/image_spec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static bool eq(const char *a, const char *b)
{
    return strcmp(a, b) == 0;
}

/* The position to report for a setting that is absent: the final stage's
 * FROM for Dockerfiles, nothing for images. */
static struct dg_pos absent_pos(const struct image_spec *s)
{
    if (s->stage_pos.line) return s->stage_pos;
    return s->base_pos;
}

/* The last instruction of a kind in the final stage, for positions of
 * settings that image_spec does not locate itself. */
static const struct df_instr *final_instr(const struct build *b, enum df_kind kind)
{
    if (!b || !b->nstages) return NULL;
    const struct df_stage *st = &b->stages[b->nstages - 1];
    const struct df_instr *found = NULL;
    for (size_t i = st->first; i < st->first + st->count && i < b->ninstrs; i++)
        if (b->instrs[i].kind == kind) found = &b->instrs[i];
    return found;
}

/* DG-I001: the container's default user is root. */
static void check_root_user(struct rule_ctx *ctx, const void *subject)
{
    const struct image_spec *s = subject;
    if (!is_user_is_root(s->user)) return;
    if (s->user && *s->user)
        rule_emit(ctx, s->user_pos, NULL, "the image runs as %s (USER %s)", "root", s->user);
    else
        rule_emit(ctx, absent_pos(s), NULL, "the image sets no USER, so containers run as root");
}

/* DG-I002: no health check. */
static void check_healthcheck(struct rule_ctx *ctx, const void *subject)
{
    const struct image_spec *s = subject;
    if (s->health == IS_HEALTH_CMD) return;
    if (s->health == IS_HEALTH_NONE)
        rule_emit(ctx, s->health_pos.line ? s->health_pos : absent_pos(s), NULL,
                  "HEALTHCHECK NONE disables health checking");
    else
        rule_emit(ctx, absent_pos(s), NULL, "the image defines no HEALTHCHECK");
}

/* DG-I003: secrets in the image environment (images only; the build rules
 * point at the ENV line for Dockerfiles). */
static void check_env_secret(struct rule_ctx *ctx, const void *subject)
{
    const struct image_spec *s = subject;
    if (s->build) return;
    for (size_t i = 0; i < s->env.n; i++) {
        const struct cs_kv *kv = &s->env.v[i];
        const char *v = kv->value;
        if (!v || !*v || kv->value_is_ref || secrets_value_is_placeholder(v)) continue;
        struct secret_match m;
        if (secrets_value_match(v, strlen(v), &m))
            rule_emit(ctx, kv->pos, NULL, "environment variable %s holds what looks like a %s", kv->key, m.kind);
        else if (!strchr(v, '$') && secrets_name_sensitive(kv->key))
            rule_emit(ctx, kv->pos, NULL, "environment variable %s is named like a credential and has a literal value",
                      kv->key);
    }
}

/* DG-I004: SSH port exposed. */
static void check_port22(struct rule_ctx *ctx, const void *subject)
{
    const struct image_spec *s = subject;
    for (size_t i = 0; i < s->nports; i++)
        if (s->ports[i].port == 22 && (!s->ports[i].proto || strcasecmp(s->ports[i].proto, "tcp") == 0))
            rule_emit(ctx, s->ports[i].pos.line ? s->ports[i].pos : absent_pos(s), NULL,
                      "the image exposes port 22 (SSH)");
}

/* Script of one history entry, parsed; false when it is not a RUN. */
static bool history_script(const struct is_history *h, struct sh_script *out)
{
    const char *script;
    if (!pkgcmd_history_script(h->created_by, &script)) return false;
    sh_parse(script, strlen(script), out);
    return true;
}

/* DG-I005: ADD in the image history (images only). */
static void check_history_add(struct rule_ctx *ctx, const void *subject)
{
    const struct image_spec *s = subject;
    if (s->build) return;
    for (size_t i = 0; i < s->nhistory; i++) {
        const char *c = s->history[i].created_by;
        if (!c) continue;
        const char *add = strstr(c, "ADD ");
        if (!add || (add != c && add[-1] != ' ' && add[-1] != ')')) continue;
        /* "ADD file:<hash> in / " unpacks a base root filesystem: the one legitimate use. */
        if (strstr(add, "file:") && strstr(add, " in / ")) continue;
        if (strstr(add, "file:") && dg_str_has_suffix(add, " in /")) continue;
        rule_emit(ctx, s->history[i].pos, c, "layer %zu was created with ADD", i + 1);
    }
}

/* DG-I006: a history entry that updates the package index and installs
 * nothing (images only). */
static void check_history_update_alone(struct rule_ctx *ctx, const void *subject)
{
    const struct image_spec *s = subject;
    if (s->build) return;
    for (size_t i = 0; i < s->nhistory; i++) {
        struct sh_script sc;
        if (!history_script(&s->history[i], &sc)) continue;
        bool update = false, install = false;
        for (size_t k = 0; k < sc.n; k++) {
            struct pkg_call p;
            pkgcmd_classify(&sc.cmds[k], &p);
            if (p.mgr == PKG_NONE || p.mgr >= PKG_PIP) continue;
            if (p.op == PKGOP_UPDATE) update = true;
            if (p.op == PKGOP_INSTALL || p.op == PKGOP_UPGRADE) install = true;
        }
        sh_script_free(&sc);
        if (update && !install)
            rule_emit(ctx, s->history[i].pos, s->history[i].created_by,
                      "layer %zu updates the package index without installing anything", i + 1);
    }
}

/* DG-I007: shell-form ENTRYPOINT. */
static void check_entrypoint_shell(struct rule_ctx *ctx, const void *subject)
{
    const struct image_spec *s = subject;
    if (!s->entrypoint_shell) return;
    const struct df_instr *in = final_instr(s->build, DF_ENTRYPOINT);
    struct dg_pos pos = in ? (struct dg_pos){NULL, in->line, in->col} : absent_pos(s);
    rule_emit(ctx, pos, in ? in->raw : NULL,
              "ENTRYPOINT in shell form runs under /bin/sh -c: the application does not receive SIGTERM and CMD "
              "arguments are ignored");
}

/* Environment settings that switch verification off. */
static const char *env_verification_off(const char *key, const char *v)
{
    if (!v) return NULL;
    if (eq(key, "NODE_TLS_REJECT_UNAUTHORIZED") && eq(v, "0")) return "Node.js TLS certificate verification";
    if (eq(key, "PYTHONHTTPSVERIFY") && eq(v, "0")) return "Python HTTPS certificate verification";
    if (eq(key, "GIT_SSL_NO_VERIFY") && *v && !eq(v, "0") && strcasecmp(v, "false") != 0)
        return "git TLS certificate verification";
    if ((eq(key, "NPM_CONFIG_STRICT_SSL") || eq(key, "npm_config_strict_ssl")) && strcasecmp(v, "false") == 0)
        return "npm TLS certificate verification";
    if (eq(key, "DOCKER_CONTENT_TRUST") && (eq(v, "0") || strcasecmp(v, "false") == 0))
        return "Docker content trust";
    return NULL;
}

/* DG-I008: verification disabled by the image environment (images only). */
static void check_env_verification(struct rule_ctx *ctx, const void *subject)
{
    const struct image_spec *s = subject;
    if (s->build) return;
    for (size_t i = 0; i < s->env.n; i++) {
        const char *what = env_verification_off(s->env.v[i].key, s->env.v[i].value);
        if (what)
            rule_emit(ctx, s->env.v[i].pos, NULL, "%s=%s disables %s in every container", s->env.v[i].key,
                      s->env.v[i].value, what);
    }
}

/* DG-I009: VOLUME over a system directory. */
static bool sensitive_dir(const char *p)
{
    static const char *const dirs[] = {"/", "/etc", "/proc", "/sys", "/dev", "/boot", "/root", "/run", "/var/run",
                                       "/var/lib/docker", "/usr", "/bin", "/sbin", "/lib", "/lib64",
                                       "/var/run/docker.sock", "/run/docker.sock", NULL};
    size_t n = strlen(p);
    while (n > 1 && p[n - 1] == '/') n--;
    for (size_t i = 0; dirs[i]; i++)
        if (strlen(dirs[i]) == n && strncmp(dirs[i], p, n) == 0) return true;
    return false;
}

static void check_sensitive_volume(struct rule_ctx *ctx, const void *subject)
{
    const struct image_spec *s = subject;
    for (size_t i = 0; i < s->volumes.n; i++) {
        if (!sensitive_dir(s->volumes.v[i])) continue;
        const struct df_instr *in = NULL;
        if (s->build && s->build->nstages) {
            const struct build *b = s->build;
            const struct df_stage *st = &b->stages[b->nstages - 1];
            for (size_t k = st->first; k < st->first + st->count && k < b->ninstrs; k++)
                if (b->instrs[k].kind == DF_VOLUME)
                    for (size_t a = 0; a < b->instrs[k].nargs; a++)
                        if (eq(b->instrs[k].args[a], s->volumes.v[i])) in = &b->instrs[k];
        }
        struct dg_pos pos = in ? (struct dg_pos){NULL, in->line, in->col} : absent_pos(s);
        rule_emit(ctx, pos, in ? in->raw : NULL, "VOLUME %s declares a system directory as a volume",
                  s->volumes.v[i]);
    }
}

/* DG-I010: risky commands recorded in the history (images only). */
static void check_history_risky(struct rule_ctx *ctx, const void *subject)
{
    const struct image_spec *s = subject;
    if (s->build) return;
    for (size_t i = 0; i < s->nhistory; i++) {
        struct sh_script sc;
        if (!history_script(&s->history[i], &sc)) continue;
        const char *why = NULL;
        for (size_t k = 0; k < sc.n && !why; k++) {
            const struct sh_cmd *c = &sc.cmds[k];
            const char *name = sh_cmd_name(c);
            if (eq(name, "sudo")) why = "runs sudo";
            else if (pkgcmd_is_download(c) && c->piped && k + 1 < sc.n &&
                     pkgcmd_is_shell(sh_word_base(&sc.cmds[k + 1], sh_cmd_unwrap(&sc.cmds[k + 1]))))
                why = "pipes a download into a shell";
            else if (eq(sh_word_base(c, sh_cmd_unwrap(c)), "curl") &&
                     (sh_cmd_has_word(c, 0, "-k") || sh_cmd_has_word(c, 0, "--insecure")))
                why = "downloads with TLS verification disabled";
            else if (eq(sh_word_base(c, sh_cmd_unwrap(c)), "wget") && sh_cmd_has_word(c, 0, "--no-check-certificate"))
                why = "downloads with TLS verification disabled";
        }
        sh_script_free(&sc);
        if (why) rule_emit(ctx, s->history[i].pos, s->history[i].created_by, "layer %zu %s", i + 1, why);
    }
}

static const struct rule_def rules[] = {
    {"DG-I001", "The image runs as root", DG_SEV_MEDIUM, DG_MODEL_IMAGE, "4.1", "DL3002", "DS002", "CIS-DI-0001",
     "Without a USER (or with USER root / 0), every container of the image runs its process as uid 0. Root in the "
     "container is root on the host for anything the container can reach: a mounted volume, a device, a kernel or "
     "runtime escape. Running as an unprivileged user is the single most effective hardening of an image.",
     "Create an unprivileged user and switch to it in the final stage, preferably numerically:\n"
     "  RUN useradd --system --uid 10001 --no-log-init app\n  USER 10001:10001\n"
     "For images you do not build, run them with `--user 10001:10001` (compose `user:`) and enable user namespace "
     "remapping. CIS Docker Benchmark 4.1.",
     check_root_user},
    {"DG-I002", "The image has no HEALTHCHECK", DG_SEV_LOW, DG_MODEL_IMAGE, "4.6", "DL3057", "DS026", "CIS-DI-0006",
     "Without a health check Docker only knows whether the process exists, not whether it works; a hung service "
     "keeps receiving traffic, and orchestrators cannot restart or replace it. HEALTHCHECK NONE explicitly turns "
     "off a check inherited from the base image.",
     "Add a cheap check of the service itself, in exec form:\n"
     "  HEALTHCHECK --interval=30s --timeout=3s --retries=3 CMD [\"/app/healthcheck\"]\n"
     "(or `CMD wget -qO- http://127.0.0.1:8080/health || exit 1`). Orchestrators with their own probes (Kubernetes) "
     "can ignore this finding. CIS Docker Benchmark 4.6.",
     check_healthcheck},
    {"DG-I003", "The image environment contains a secret", DG_SEV_HIGH, DG_MODEL_IMAGE, "4.10", NULL, "DS031",
     "CIS-DI-0010",
     "Environment variables in the image configuration are readable by anyone who can pull the image (`docker "
     "inspect`), and are inherited by every process of every container. A credential there is published.",
     "Rebuild without the variable and rotate the credential. Provide secrets at run time through the orchestrator "
     "(Docker/Kubernetes secrets, mounted files) and at build time with `RUN --mount=type=secret`. "
     "CIS Docker Benchmark 4.10.",
     check_env_secret},
    {"DG-I004", "The image exposes the SSH port 22", DG_SEV_MEDIUM, DG_MODEL_IMAGE, "5.7", NULL, "DS004", NULL,
     "Exposing port 22 means the image is built to run an SSH server: an extra remotely reachable login service "
     "with its own keys and patches to manage. `docker exec` already provides administrative access.",
     "Remove `EXPOSE 22` and the SSH server; use `docker exec` / `kubectl exec` for debugging. CIS Docker Benchmark "
     "5.7.",
     check_port22},
    {"DG-I005", "The image history contains ADD steps", DG_SEV_LOW, DG_MODEL_IMAGE, "4.9", "DL3020", "DS005",
     "CIS-DI-0009",
     "The image was built with ADD for files other than its base root filesystem. ADD can fetch URLs without "
     "verification and unpacks archives implicitly, so what went into that layer is harder to reason about.",
     "In the Dockerfile, replace ADD with COPY for local files and with a verified download (or ADD --checksum) for "
     "remote ones, then rebuild. CIS Docker Benchmark 4.9.",
     check_history_add},
    {"DG-I006", "The image history has a package index update without an install", DG_SEV_LOW, DG_MODEL_IMAGE,
     "4.7", NULL, "DS017", "CIS-DI-0007",
     "A layer that only runs `apt-get update` (or apk/yum/dnf/zypper equivalents) is cached separately from the "
     "installs that rely on it, so later builds install from a stale index and miss security updates.",
     "In the Dockerfile, update and install in the same RUN (`apt-get update && apt-get install -y … && rm -rf "
     "/var/lib/apt/lists/*`), then rebuild. CIS Docker Benchmark 4.7.",
     check_history_update_alone},
    {"DG-I007", "ENTRYPOINT uses shell form", DG_SEV_LOW, DG_MODEL_IMAGE, NULL, "DL3025", NULL, NULL,
     "Shell-form ENTRYPOINT runs `/bin/sh -c \"…\"` as PID 1: `docker stop` signals the shell rather than the "
     "application, which is killed after the timeout instead of shutting down cleanly, and CMD / `docker run` "
     "arguments are silently ignored.",
     "Use the JSON form: `ENTRYPOINT [\"/app/server\"]`; when a wrapper script is needed, end it with `exec \"$@\"`.",
     check_entrypoint_shell},
    {"DG-I008", "The image environment disables TLS or signature verification", DG_SEV_HIGH, DG_MODEL_IMAGE,
     "4.5", NULL, NULL, "CIS-DI-0005",
     "Variables such as NODE_TLS_REJECT_UNAUTHORIZED=0, PYTHONHTTPSVERIFY=0, GIT_SSL_NO_VERIFY=1 or "
     "DOCKER_CONTENT_TRUST=0 in the image configuration turn verification off for every process in every container "
     "of the image, exposing all their connections to interception.",
     "Rebuild without the variable and trust the needed CA properly (install it into the system store, or use "
     "NODE_EXTRA_CA_CERTS / REQUESTS_CA_BUNDLE). CIS Docker Benchmark 4.5 and 4.11.",
     check_env_verification},
    {"DG-I009", "A system directory is declared as a VOLUME", DG_SEV_LOW, DG_MODEL_IMAGE, NULL, NULL, NULL,
     "DKL-DI-0002",
     "VOLUME on /, /etc, /proc, /sys, /dev, /boot, /root, /run, /usr or the Docker socket path makes that directory a "
     "separate, persistent and shareable volume: configuration drifts from the image, and a host path bound there "
     "by accident exposes host files.",
     "Declare volumes only for application data (`VOLUME /var/lib/app`).",
     check_sensitive_volume},
    {"DG-I010", "The image history shows risky build commands", DG_SEV_MEDIUM, DG_MODEL_IMAGE, NULL, NULL, NULL,
     "DKL-DI-0001",
     "The recorded build steps of the image run sudo, pipe a download into a shell, or download with TLS "
     "verification disabled. The image content therefore depends on unverified network input, or the image ships "
     "sudo.",
     "Fix the Dockerfile that produced the image (see DG-B029, DG-B030, DG-B033) and rebuild, or use an image "
     "from a publisher that builds reproducibly.",
     check_history_risky},
};

const struct rule_table rules_image_table = {rules, sizeof rules / sizeof rules[0]};
