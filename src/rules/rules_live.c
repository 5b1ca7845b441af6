/* Rules on what only a live daemon shows: the state of running containers
 * (DG-C100–C149: the AppArmor/SELinux confinement really applied, crash
 * loops, health, processes seen from the host) and the daemon's images and
 * containers as a whole (DG-D100–D149: sprawl, content trust of the
 * auditing client). Container rules here apply to specs with live data
 * only; specs from files and create requests have nothing live to judge. */
#include "rules/tables.h"
#include "model/container_spec.h"
#include "model/inventory.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Thresholds. A container restarting more often than the on-failure limit
 * the CIS benchmark recommends (5) is crash-looping; more than 25 stopped
 * containers is the point docker-bench-security calls sprawl. */
#define LIVE_MAX_RESTARTS 5
#define INV_MAX_STOPPED 25
#define INV_MIN_IMAGES_FOR_UNUSED 5

static const struct dg_pos here = {NULL, 0, 0};

static void check_apparmor(struct rule_ctx *ctx, const void *subject)
{
    const struct container_spec *c = subject;
    if (!c->live.present) return;
    if (c->live.host_apparmor == 0) {
        rule_skip(ctx, "AppArmor is not enabled on the daemon's host");
        return;
    }
    if (c->live.host_apparmor < 0) {
        rule_skip(ctx, "the daemon did not say whether AppArmor is enabled (GET /info unavailable)");
        return;
    }
    const char *p = c->live.apparmor_profile;
    if (!p || !*p || strcmp(p, "unconfined") == 0)
        rule_emit(ctx, here, p && *p ? p : NULL, "container runs %s",
                  p && *p ? "with the AppArmor profile 'unconfined'" : "without an AppArmor profile");
}

static void check_selinux(struct rule_ctx *ctx, const void *subject)
{
    const struct container_spec *c = subject;
    if (!c->live.present) return;
    if (c->live.host_selinux != 1) {
        rule_skip(ctx, c->live.host_selinux == 0 ? "SELinux support is not enabled in the daemon"
                                                 : "the daemon did not say whether SELinux is enabled");
        return;
    }
    const char *l = c->live.process_label;
    if (!l || !*l || strstr(l, "unconfined_t") || strstr(l, "spc_t"))
        rule_emit(ctx, here, l && *l ? l : NULL, "container process %s",
                  l && *l ? "runs in an unconfined SELinux domain" : "has no SELinux label");
}

static void check_restarts(struct rule_ctx *ctx, const void *subject)
{
    const struct container_spec *c = subject;
    if (!c->live.present) return;
    if (c->live.restart_count > LIVE_MAX_RESTARTS) {
        char ev[48];
        snprintf(ev, sizeof ev, "RestartCount=%d", c->live.restart_count);
        rule_emit(ctx, here, ev, "container has been restarted %d times (more than %d): it is crash-looping",
                  c->live.restart_count, LIVE_MAX_RESTARTS);
    }
}

static void check_unhealthy(struct rule_ctx *ctx, const void *subject)
{
    const struct container_spec *c = subject;
    if (!c->live.present || !c->live.running) return;
    if (c->live.health_status && strcmp(c->live.health_status, "unhealthy") == 0)
        rule_emit(ctx, here, c->health_test, "container health check reports 'unhealthy'");
}

static void check_no_health(struct rule_ctx *ctx, const void *subject)
{
    const struct container_spec *c = subject;
    if (!c->live.present || !c->live.running) return;
    /* State.Health exists exactly when a health check runs. */
    if (!c->live.health_status)
        rule_emit(ctx, here, NULL, "running container has no health check%s",
                  c->healthcheck < 0 ? " (disabled with --no-healthcheck)" : "");
}

static const char *cmd_program(const char *cmd, size_t *len)
{
    /* First word, without its folder: "/usr/sbin/sshd -D" → "sshd";
     * "sshd: user@pts/0" → "sshd:" (sshd renames its children). */
    size_t n = strcspn(cmd, " \t");
    const char *s = cmd;
    for (size_t i = 0; i < n; i++)
        if (cmd[i] == '/') s = cmd + i + 1;
    *len = (size_t)(cmd + n - s);
    return s;
}

static void check_sshd(struct rule_ctx *ctx, const void *subject)
{
    const struct container_spec *c = subject;
    if (!c->live.present || !c->live.running) return;
    if (!c->live.top_known) {
        rule_skip(ctx, "the processes of running containers could not be listed");
        return;
    }
    for (size_t i = 0; i < c->live.top_cmds.n; i++) {
        size_t n;
        const char *p = cmd_program(c->live.top_cmds.v[i], &n);
        if ((n == 4 && strncmp(p, "sshd", 4) == 0) || (n == 5 && strncmp(p, "sshd:", 5) == 0)) {
            rule_emit(ctx, here, c->live.top_cmds.v[i], "an SSH daemon runs inside the container (pid %s)",
                      c->live.top_pids.v[i]);
            return;
        }
    }
}

static void check_host_root(struct rule_ctx *ctx, const void *subject)
{
    const struct container_spec *c = subject;
    if (!c->live.present || !c->live.running) return;
    if (!c->live.top_known || c->live.pid <= 0) {
        rule_skip(ctx, "the processes of running containers could not be listed");
        return;
    }
    char pid[16];
    snprintf(pid, sizeof pid, "%d", c->live.pid);
    for (size_t i = 0; i < c->live.top_pids.n; i++) {
        if (strcmp(c->live.top_pids.v[i], pid) != 0) continue;
        const char *u = c->live.top_users.v[i];
        if (strcmp(u, "root") == 0 || strcmp(u, "0") == 0) {
            char *ev = dg_xasprintf("pid %s user %s: %s", pid, u, c->live.top_cmds.v[i]);
            rule_emit(ctx, here, ev, "the container's main process runs as root on the host (no user namespace)");
            free(ev);
        }
        return;
    }
    rule_skip(ctx, "the container's main process was not in its process list");
}

/* ---- inventory ------------------------------------------------------- */

static bool image_dangling(const struct inv_image *im)
{
    return im->tags.n == 0;
}

static void list_ids(struct dg_buf *b, const struct inventory *v, bool (*pick)(const struct inv_image *))
{
    size_t shown = 0;
    for (size_t i = 0; i < v->nimages && shown < 5; i++) {
        const struct inv_image *im = &v->images[i];
        if (!pick(im)) continue;
        const char *id = im->id ? im->id : "?";
        if (dg_str_has_prefix(id, "sha256:")) id += 7;
        dg_buf_printf(b, "%s%.12s", shown ? " " : "", id);
        shown++;
    }
}

static bool unused_dangling(const struct inv_image *im)
{
    return image_dangling(im) && im->containers == 0;
}

static bool unused_tagged(const struct inv_image *im)
{
    return !image_dangling(im) && im->containers == 0;
}

static void check_dangling(struct rule_ctx *ctx, const void *subject)
{
    const struct inventory *v = subject;
    if (!v->present) {
        rule_skip(ctx, "the image list could not be read");
        return;
    }
    size_t n = 0;
    int64_t bytes = 0;
    for (size_t i = 0; i < v->nimages; i++)
        if (unused_dangling(&v->images[i])) {
            n++;
            if (v->images[i].size > 0) bytes += v->images[i].size;
        }
    if (!n) return;
    struct dg_buf b;
    dg_buf_init(&b, 0);
    list_ids(&b, v, unused_dangling);
    rule_emit(ctx, here, b.data, "%zu dangling image%s (untagged, used by no container, %.1f MB)", n,
              n == 1 ? "" : "s", (double)bytes / 1e6);
    dg_buf_free(&b);
}

static void check_unused(struct rule_ctx *ctx, const void *subject)
{
    const struct inventory *v = subject;
    if (!v->present) {
        rule_skip(ctx, "the image list could not be read");
        return;
    }
    size_t n = 0;
    for (size_t i = 0; i < v->nimages; i++) n += unused_tagged(&v->images[i]);
    /* A few spare images are normal; most of a large store unused is sprawl. */
    if (v->nimages < INV_MIN_IMAGES_FOR_UNUSED || n * 2 <= v->nimages) return;
    struct dg_buf b;
    dg_buf_init(&b, 0);
    list_ids(&b, v, unused_tagged);
    rule_emit(ctx, here, b.data, "%zu of %zu images are used by no container", n, v->nimages);
    dg_buf_free(&b);
}

static void check_stopped(struct rule_ctx *ctx, const void *subject)
{
    const struct inventory *v = subject;
    if (!v->present) {
        rule_skip(ctx, "the container list could not be read");
        return;
    }
    size_t stopped = 0;
    for (size_t i = 0; i < v->ncontainers; i++) stopped += !v->containers[i].running;
    if (stopped > INV_MAX_STOPPED) {
        char ev[64];
        snprintf(ev, sizeof ev, "%zu containers, %zu running", v->ncontainers, v->ncontainers - stopped);
        rule_emit(ctx, here, ev, "%zu containers are not running (more than %d)", stopped, INV_MAX_STOPPED);
    }
}

static void check_content_trust(struct rule_ctx *ctx, const void *subject)
{
    const struct inventory *v = subject;
    const char *t = v->content_trust;
    /* The docker client treats any value that parses as true as on. */
    if (t && (strcmp(t, "1") == 0 || strcasecmp(t, "true") == 0 || strcasecmp(t, "t") == 0)) return;
    char *ev = t ? dg_xasprintf("DOCKER_CONTENT_TRUST=%s", t) : NULL;
    rule_emit(ctx, here, ev, "DOCKER_CONTENT_TRUST is %s in this environment: the docker client pulls and runs "
                             "unsigned images",
              t ? "not enabled" : "not set");
    free(ev);
}

static const struct rule_def rules[] = {
    {"DG-C100", "Container runs without an AppArmor profile", DG_SEV_MEDIUM, DG_MODEL_CONTAINER, "5.2", NULL, NULL,
     NULL,
     "On a host with AppArmor, Docker confines each container with a profile (docker-default) that blocks writes "
     "to /proc and /sys and mounting. A container running unconfined, because it was started privileged or with "
     "--security-opt apparmor=unconfined, loses that layer.",
     "Run the container without --privileged and without apparmor=unconfined so that docker-default applies, "
     "or load a tighter profile and use --security-opt apparmor=<profile>.",
     check_apparmor},
    {"DG-C101", "Container runs without an SELinux label", DG_SEV_MEDIUM, DG_MODEL_CONTAINER, "5.3", NULL, NULL,
     NULL,
     "With SELinux enabled in the daemon, containers run in the container_t domain with a per-container MCS "
     "label that keeps them from each other's files. Privileged containers and --security-opt label=disable run "
     "in an unconfined domain instead.",
     "Do not disable labelling (label=disable) or run privileged; use --security-opt label=type:... to pick a "
     "confined type when the default does not fit.",
     check_selinux},
    {"DG-C102", "Container keeps restarting", DG_SEV_LOW, DG_MODEL_CONTAINER, NULL, NULL, NULL, NULL,
     "A container that the daemon restarted many times is crash-looping: it may be failing on purpose-built "
     "input, consuming resources on each start, or hiding an outage that health monitoring should surface.",
     "Find the cause in `docker logs`, fix it, and use --restart on-failure:5 so that a broken container stops "
     "instead of restarting forever.",
     check_restarts},
    {"DG-C103", "Container health check reports unhealthy", DG_SEV_MEDIUM, DG_MODEL_CONTAINER, "5.27", NULL, NULL,
     NULL,
     "The container's own health check says it is not working. A service that is up but unhealthy may be serving "
     "errors or stale data, and orchestrators only replace it if they act on the status.",
     "Inspect `docker inspect --format '{{json .State.Health}}' NAME` for the failing probe output and fix the "
     "service, or restart it.",
     check_unhealthy},
    {"DG-C104", "Running container has no health check", DG_SEV_LOW, DG_MODEL_CONTAINER, "5.27", NULL, NULL,
     NULL,
     "Without a health check the daemon only knows whether the main process exists, not whether the service "
     "works; failures go unnoticed and cannot trigger a restart or a failover.",
     "Add a HEALTHCHECK to the image, or --health-cmd to the container (healthcheck: in compose).",
     check_no_health},
    {"DG-C105", "SSH daemon runs inside a container", DG_SEV_MEDIUM, DG_MODEL_CONTAINER, "5.7", NULL, NULL, NULL,
     "An SSH server in a container is another service to patch and another set of credentials to protect, and it "
     "gives access that bypasses the daemon's access control and audit trail.",
     "Remove sshd from the image; use `docker exec` (restricted to administrators) to get a shell.",
     check_sshd},
    {"DG-C106", "Container's main process runs as root on the host", DG_SEV_MEDIUM, DG_MODEL_CONTAINER, NULL, NULL,
     NULL, NULL,
     "Seen from the host, the container's first process has uid 0: there is no user namespace remapping and no "
     "non-root user, so a process that escapes the container is root on the host.",
     "Run the container as a non-root user (USER in the image or --user), or enable user namespace remapping "
     "(userns-remap in daemon.json).",
     check_host_root},
    {"DG-D100", "Dangling images are kept", DG_SEV_LOW, DG_MODEL_INVENTORY, "6.1", NULL, NULL, NULL,
     "Untagged images that no container uses are leftovers of earlier builds and pulls. They hold old, "
     "unpatched software that is easy to run by id, and they use disk space the daemon may need.",
     "Remove them with `docker image prune`, and prune regularly (after builds, from a timer).",
     check_dangling},
    {"DG-D101", "Most images are used by no container", DG_SEV_LOW, DG_MODEL_INVENTORY, "6.1", NULL, NULL, NULL,
     "A store where most tagged images are unused grows without review: old versions stay available to run, "
     "and it is hard to tell which images are still trusted.",
     "Remove images that are no longer needed (`docker image prune -a` removes every image no container uses), "
     "and keep only the versions you deploy.",
     check_unused},
    {"DG-D102", "Many stopped containers are kept", DG_SEV_LOW, DG_MODEL_INVENTORY, "6.2", NULL, NULL, NULL,
     "Stopped containers keep their writable layers, logs and configuration, including secrets passed in their "
     "environment, and can be restarted. Many of them make it hard to see what really runs on the host.",
     "Remove them with `docker container prune`, and run short-lived containers with --rm.",
     check_stopped},
    {"DG-D103", "Docker content trust is not enforced", DG_SEV_LOW, DG_MODEL_INVENTORY, "4.5", NULL, NULL,
     "CIS-DI-0005",
     "With DOCKER_CONTENT_TRUST=1 the docker client refuses to pull, create or run images that are not signed, "
     "so a tampered or spoofed tag cannot be deployed by mistake. The check reads the environment dockguard "
     "runs in, which should be the one that operates the daemon.",
     "export DOCKER_CONTENT_TRUST=1 in the environment of the users and jobs that run docker (e.g. "
     "/etc/environment or the CI configuration).",
     check_content_trust},
};

const struct rule_table rules_live_table = {rules, sizeof rules / sizeof rules[0]};
