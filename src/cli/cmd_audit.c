/* dockguard audit: reads a daemon once (engine snapshot), turns its
 * containers, images and inventory into models, and runs the container,
 * live-container, image and inventory rules on them; then the daemon and
 * host sections. Per-check status (pass/warn/skip/info) and a score come
 * from the report's rule status. */
#include "cli/cli.h"
#include "core/error.h"
#include "core/rule.h"
#include "engine/adapt.h"
#include "engine/engine.h"
#include "engine/procs.h"
#include "engine/snapshot.h"
#include "host/host.h"
#include "rules/cis.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct audit_opts {
    const char *host;
    const char *tlscacert, *tlscert, *tlskey;
    bool tls, tlsverify;
    const char *root;
    bool running_only;
    bool no_processes;
    const char *cis_version;
    bool show_passed;
    long timeout;
};

/* An object that failed to load is an error the user must see, except one
 * removed while the audit ran. */
static void object_error(struct dg_report *r, const struct engine_object *o)
{
    if (o->gone) return;
    cli_error("audit", "%s", o->err.msg);
    r->errors++;
}

static void audit_containers(const struct engine_snapshot *s, const struct engine_procs *procs, struct rule_ctx *ctx)
{
    for (size_t i = 0; i < s->ncontainers; i++) {
        const struct engine_object *o = &s->containers[i];
        if (o->rc) {
            object_error(ctx->report, o);
            continue;
        }
        struct container_spec c;
        struct dg_error err = {0};
        const char *name = engine_container_name(o->inspect);
        char *file = dg_xasprintf("container:%s", name);
        char *subject = dg_xasprintf("container %s", name);
        dg_strv_push(&ctx->report->inputs, file);
        if (engine_container_spec_from_inspect(o->inspect, &c, &err) != 0) {
            cli_error("audit", "%s", err.msg);
            ctx->report->errors++;
        } else {
            engine_container_apply_info(&c, s->info);
            if (procs && c.live.running) {
                /* Unknown stays unknown: the process rules skip. */
                engine_procs_apply(procs, &c);
            } else if (o->extra && engine_container_apply_top(&c, o->extra, &err) != 0) {
                cli_error("audit", "%s", err.msg);
                ctx->report->errors++;
            }
            ctx->file = file;
            ctx->subject = subject;
            rules_run(DG_MODEL_CONTAINER, &c, ctx);
        }
        cs_free(&c);
        free(file);
        free(subject);
    }
}

static void audit_images(const struct engine_snapshot *s, struct rule_ctx *ctx)
{
    for (size_t i = 0; i < s->nimages; i++) {
        const struct engine_object *o = &s->images[i];
        if (o->rc) {
            object_error(ctx->report, o);
            continue;
        }
        struct image_spec im;
        struct dg_error err = {0};
        /* History is optional: image rules that read it see none. */
        int rc = engine_image_spec_from_inspect(o->inspect, o->extra_rc ? NULL : o->extra, &im, &err);
        char *file = dg_xasprintf("image:%s", im.ref);
        char *subject = dg_xasprintf("image %s", im.ref);
        dg_strv_push(&ctx->report->inputs, file);
        if (rc != 0) {
            cli_error("audit", "%s", err.msg);
            ctx->report->errors++;
        } else {
            ctx->file = file;
            ctx->subject = subject;
            rules_run(DG_MODEL_IMAGE, &im, ctx);
        }
        is_free(&im);
        free(file);
        free(subject);
    }
}

static void audit_inventory(const struct engine_snapshot *s, const char *endpoint, struct rule_ctx *ctx)
{
    struct inventory inv;
    struct dg_error err = {0};
    if (s) {
        if (engine_inventory_from_lists(s->images_list, s->containers_list, &inv, &err) != 0) {
            cli_error("audit", "%s", err.msg);
            ctx->report->errors++;
        }
    } else {
        inv_init(&inv);   /* daemon unreachable: present stays false, rules skip */
    }
    const char *ct = getenv("DOCKER_CONTENT_TRUST");
    inv.content_trust = ct ? dg_xstrdup(ct) : NULL;
    char *file = dg_xasprintf("daemon:%s", endpoint);
    char *subject = dg_xasprintf("daemon %s", endpoint);
    ctx->file = file;
    ctx->subject = subject;
    rules_run(DG_MODEL_INVENTORY, &inv, ctx);
    inv_free(&inv);
    free(file);
    free(subject);
}

/* CIS sections 1–3 and 7: the daemon's configuration and the host around it. */
static void audit_daemon_host(const struct engine_snapshot *s, struct engine *eng, int peer_pid, const char *root,
                              struct rule_ctx *ctx)
{
    struct daemon_spec d;
    struct host h;
    struct dg_error err = {0};
    const json_t *info = s ? s->info : NULL, *version = s ? s->version : NULL;
    /* The daemon behind the audited socket when we can see its process
     * (several daemons may run on one machine); else the host's guess. */
    if (daemon_spec_collect_pid(root, peer_pid, info, version, &d, &err) != 0) {
        cli_error("audit", "%s", err.msg);
        ctx->report->errors++;
    }
    if (s) {
        dg_error_clear(&err);
        if (daemon_spec_add_api_objects(&d, s->swarm, s->networks, s->services, s->secrets, &err) != 0) {
            cli_error("audit", "%s", err.msg);
            ctx->report->errors++;
        }
    }
    dg_error_clear(&err);
    if (host_collect(root, &d, &h, &err) != 0) {
        cli_error("audit", "%s", err.msg);
        ctx->report->errors++;
    }
    char *dfile = dg_xasprintf("daemon:%s", engine_endpoint(eng));
    char *dsubj = dg_xasprintf("daemon %s", engine_endpoint(eng));
    ctx->file = dfile;
    ctx->subject = dsubj;
    rules_run(DG_MODEL_DAEMON, &d, ctx);
    char *hfile = dg_xasprintf("host:%s", root);
    char *hsubj = dg_xasprintf("host %s", root);
    ctx->file = hfile;
    ctx->subject = hsubj;
    rules_run(DG_MODEL_HOST, &h, ctx);
    host_free(&h);
    ds_free(&d);
    free(dfile); free(dsubj); free(hfile); free(hsubj);
}

int cmd_audit(int argc, char **argv)
{
    struct cli_common c = {0};
    struct audit_opts a = {.root = "/"};
    const struct cli_option opts[] = {
        {"host", 'H', CLI_STRING, &a.host, "URL",
         "daemon to audit: unix:///path/docker.sock or tcp://host:port (default: DOCKER_HOST, else "
         "unix:///var/run/docker.sock)"},
        {"tls", 0, CLI_FLAG, &a.tls, NULL, "use TLS for tcp:// (implied by --tlsverify and the certificate flags)"},
        {"tlsverify", 0, CLI_FLAG, &a.tlsverify, NULL, "use TLS and verify the daemon's certificate (DOCKER_TLS_VERIFY)"},
        {"tlscacert", 0, CLI_STRING, &a.tlscacert, "FILE", "CA certificate (default: DOCKER_CERT_PATH/ca.pem)"},
        {"tlscert", 0, CLI_STRING, &a.tlscert, "FILE", "client certificate (default: DOCKER_CERT_PATH/cert.pem)"},
        {"tlskey", 0, CLI_STRING, &a.tlskey, "FILE", "client key (default: DOCKER_CERT_PATH/key.pem)"},
        {"timeout", 0, CLI_INT, &a.timeout, "SEC", "give up on one API request after SEC seconds (default 30)"},
        {"root", 0, CLI_STRING, &a.root, "DIR", "the audited host's filesystem is mounted at DIR (default /)"},
        {"running-only", 0, CLI_FLAG, &a.running_only, NULL, "audit running containers only"},
        {"no-processes", 0, CLI_FLAG, &a.no_processes, NULL,
         "do not list the processes of running containers (the checks that need them skip)"},
        {"cis-version", 0, CLI_STRING, &a.cis_version, "VER", "CIS Docker Benchmark numbering: 1.8.0 (default), 1.7.0, 1.6.0"},
        {"show-passed", 0, CLI_FLAG, &a.show_passed, NULL, "list passed checks too (text output)"},
        CLI_COMMON_OPTIONS(&c),
        {NULL, 0, 0, NULL, NULL, NULL},
    };
    struct dg_strv pos = {0};
    struct dg_error err = {0};
    int rc = DG_EXIT_ERROR;
    struct dg_config cfg;
    struct dg_report report;
    struct engine *eng = NULL;
    struct engine_snapshot snap;
    bool have_snap = false;
    dg_config_init(&cfg);
    dg_report_init(&report, "audit");
    memset(&snap, 0, sizeof snap);
    if (cli_parse(opts, argc, argv, &pos, &err) != 0) {
        cli_error("audit", "%s", err.msg);
        goto out;
    }
    if (c.help) {
        cli_print_help(stdout, "dockguard audit [options]",
                       "Audits a live Docker host against the CIS Docker Benchmark: its containers (as they\n"
                       "really run), images, image and container sprawl, the daemon's configuration and the\n"
                       "host around it. Read-only: nothing is run inside containers.",
                       opts);
        rc = DG_EXIT_OK;
        goto out;
    }
    if (pos.n) {
        cli_error("audit", "unexpected argument '%s' (the daemon is chosen with --host)", pos.v[0]);
        goto out;
    }
    if (a.timeout < 0 || a.timeout > 3600) {
        cli_error("audit", "--timeout: expected 1 to 3600 seconds");
        goto out;
    }
    const char *cis = cis_version_canonical(a.cis_version);
    if (!cis) {
        cli_error("audit", "--cis-version: unknown version '%s' (1.6.0, 1.7.0 or 1.8.0)", a.cis_version);
        goto out;
    }
    a.cis_version = cis;
    if (cli_load_config(&c, ".", &cfg, &err) != 0) {
        cli_error("audit", "%s", err.msg);
        goto out;
    }
    struct engine_opts eo = {
        .host = a.host, .tlscacert = a.tlscacert, .tlscert = a.tlscert, .tlskey = a.tlskey,
        .tls = a.tls ? 1 : -1, .tls_verify = a.tlsverify ? 1 : -1, .timeout_ms = a.timeout * 1000,
    };
    if (engine_open(&eo, &eng, &err) != 0) {
        cli_error("audit", "%s", err.msg);
        goto out;
    }
    /* A daemon whose socket's owner we can see runs in our pid namespace:
     * as root on its host, container processes are read from /proc in one
     * pass instead of one GET /top (a ps run by the daemon) per container. */
    int peer_pid = strcmp(a.root, "/") == 0 ? engine_peer_pid(eng) : 0;
    bool local_procs = !a.no_processes && peer_pid > 0 && geteuid() == 0;
    struct engine_fetch_opts fo = {.running_only = a.running_only, .processes = !a.no_processes && !local_procs};
    if (engine_snapshot_fetch(eng, &fo, &snap, &err) != 0) {
        /* The host sections still run; the daemon's own checks skip. */
        cli_error("audit", "%s", err.msg);
        report.errors++;
    } else {
        have_snap = true;
    }
    struct rule_ctx ctx = {.report = &report, .config = &cfg, .root = a.root};
    if (have_snap) {
        struct engine_procs *procs = local_procs ? engine_procs_scan("/proc") : NULL;
        audit_containers(&snap, procs, &ctx);
        engine_procs_free(procs);
        audit_images(&snap, &ctx);
    }
    audit_inventory(have_snap ? &snap : NULL, engine_endpoint(eng), &ctx);
    audit_daemon_host(have_snap ? &snap : NULL, eng, peer_pid, a.root, &ctx);
    struct dg_report_opts ro = {.show_passed = a.show_passed, .cis_version = a.cis_version};
    rc = cli_finish(&c, &report, &cfg, &ro);
out:
    if (have_snap) engine_snapshot_free(&snap);
    engine_close(eng);
    dg_strv_free(&pos);
    cli_common_free(&c);
    dg_report_free(&report);
    dg_config_free(&cfg);
    return rc;
}
