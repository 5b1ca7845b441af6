/* dockguard scan: reads an image archive (docker save tarball, OCI layout
 * folder or tar, stdin, or an image streamed from the daemon) in one pass
 * and reports integrity, config, file and secret findings. */
#include "cli/cli.h"
#include "core/error.h"
#include "image/archive_daemon.h"
#include "image/sbom.h"
#include "image/scan.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct progress {
    const char *name;
    double start, last;
    bool shown;
};

/* A bar on stderr, only for a person watching and only once the scan has
 * taken more than a moment. */
static void show_progress(void *ud, uint64_t done, uint64_t total)
{
    struct progress *p = ud;
    double now = dg_now();
    if (now - p->start < 0.5 || (now - p->last < 0.1 && done != total)) return;
    p->last = now;
    p->shown = true;
    double mb = (double)done / 1e6;
    double rate = mb / (now - p->start);
    if (total) {
        int pct = (int)(done * 100 / total);
        if (pct > 100) pct = 100;
        char bar[31];
        int fill = pct * 30 / 100;
        for (int i = 0; i < 30; i++) bar[i] = i < fill ? '#' : ' ';
        bar[30] = '\0';
        fprintf(stderr, "\r[%s] %3d%%  %.0f/%.0f MB  %.0f MB/s ", bar, pct, mb, (double)total / 1e6, rate);
    } else {
        fprintf(stderr, "\rread %.0f MB  %.0f MB/s ", mb, rate);
    }
    fflush(stderr);
}

static void end_progress(struct progress *p)
{
    if (p->shown) fputs("\r\033[K", stderr);
}

/* One line per image on stderr: what the package inventory found, so the
 * findings on stdout stay machine-readable whatever the format. */
static void print_inventory(const struct scan *s)
{
    for (size_t i = 0; i < s->ninventories; i++) {
        const struct scan_inventory *v = &s->inventories[i];
        const struct os_info *os = &v->inv.os;
        fprintf(stderr, "%s: %s, %zu packages", v->image,
                os->pretty ? os->pretty : os->id ? os->id : "unknown OS", v->inv.n);
        if (v->inv.n) fprintf(stderr, " (%s)", pkg_type_name(v->inv.pkgs[0].type));
        fputc('\n', stderr);
        for (size_t k = 0; k < v->errors.n; k++) fprintf(stderr, "  warning: %s\n", v->errors.v[k]);
    }
}

int cmd_scan(int argc, char **argv)
{
    /* Declared first: error paths jump to the cleanup that closes it. */
    FILE *sbom_out = NULL;
    struct cli_common c = {0};
    const char *image = NULL;
    const char *daemon = NULL;
    const char *host = NULL;
    bool no_progress = false;
    const struct cli_option opts[] = {
        CLI_COMMON_OPTIONS(&c),
        {"image", 0, CLI_STRING, &image, "NAME", "scan only this image of a multi-image archive (tag or ID prefix)"},
        {"daemon", 0, CLI_STRING, &daemon, "NAME", "stream image NAME from the Docker daemon instead of a file"},
        {"host", 'H', CLI_STRING, &host, "URL", "daemon for --daemon: unix:///path or tcp://host:port (default DOCKER_HOST)"},
        {"no-progress", 0, CLI_FLAG, &no_progress, NULL, "never show the progress bar"},
        {NULL, 0, 0, NULL, NULL, NULL},
    };
    struct dg_strv paths = {0};
    struct dg_error err = {0};
    int rc = DG_EXIT_ERROR;
    struct dg_config cfg;
    struct dg_report report;
    dg_config_init(&cfg);
    dg_report_init(&report, "scan");
    if (cli_parse(opts, argc, argv, &paths, &err) != 0) {
        cli_error("scan", "%s", err.msg);
        goto out;
    }
    if (c.help) {
        cli_print_help(stdout, "dockguard scan [options] ARCHIVE... | --daemon NAME",
                       "Scans image archives without extracting them: a `docker save` tarball (classic or OCI\n"
                       "layout), an OCI image layout folder or tar, or '-' for stdin. Verifies every blob digest\n"
                       "and diff_id, checks the image config, the final filesystem (setuid, world-writable,\n"
                       "credential files) and secrets in any layer, including files deleted by later layers.",
                       opts);
        rc = DG_EXIT_OK;
        goto out;
    }
    if (!paths.n && !daemon) {
        cli_error("scan", "no archive given (a path, '-' for stdin, or --daemon NAME)");
        goto out;
    }
    enum dg_format fmt;
    /* SBOM formats replace the findings report by the package inventory. */
    bool sbom = c.format && dg_format_parse(c.format, &fmt) == 0 && (fmt == DG_FORMAT_CYCLONEDX || fmt == DG_FORMAT_SPDX);
    if (sbom) {
        sbom_out = c.output ? fopen(c.output, "w") : stdout;
        if (!sbom_out) {
            cli_error("scan", "%s: cannot write", c.output);
            goto out;
        }
    }
    if (cli_load_config(&c, ".", &cfg, &err) != 0) {
        cli_error("scan", "%s", err.msg);
        goto out;
    }
    struct scan_options so;
    scan_options_init(&so);
    so.image = image;
    struct progress prog = {0};
    if (!no_progress && !c.quiet && isatty(STDERR_FILENO)) {
        so.progress = show_progress;
        so.progress_ud = &prog;
    }
    if (daemon) {
        struct iarchive_daemon *d = NULL;
        struct scan s;
        scan_init(&s, &so);
        prog.start = prog.last = dg_now();
        int r = iarchive_daemon_open(host, daemon, &d, &err);
        if (r == 0) {
            char *name = dg_xasprintf("daemon:%s", daemon);
            r = scan_read_stream(&s, name, iarchive_daemon_read, d, 0, &err);
            free(name);
        }
        end_progress(&prog);
        if (r == 0) r = scan_check(&s, &report, &cfg, &err);
        if (r == 0 && !c.quiet) print_inventory(&s);
        for (size_t k = 0; r == 0 && sbom && k < s.ninventories; k++) {
            const struct scan_inventory *v = &s.inventories[k];
            r = fmt == DG_FORMAT_CYCLONEDX ? sbom_write_cyclonedx(sbom_out, v->image, &v->inv, &err)
                                           : sbom_write_spdx(sbom_out, v->image, &v->inv, &err);
        }
        if (r != 0) {
            cli_error("scan", "%s", err.msg);
            report.errors++;
        }
        iarchive_daemon_close(d);
        scan_free(&s);
    }
    for (size_t i = 0; i < paths.n; i++) {
        struct scan s;
        scan_init(&s, &so);
        prog.start = prog.last = dg_now();
        prog.name = paths.v[i];
        int r = scan_read_path(&s, paths.v[i], &err);
        end_progress(&prog);
        if (r == 0) r = scan_check(&s, &report, &cfg, &err);
        if (r == 0 && !c.quiet) print_inventory(&s);
        for (size_t k = 0; r == 0 && sbom && k < s.ninventories; k++) {
            const struct scan_inventory *v = &s.inventories[k];
            r = fmt == DG_FORMAT_CYCLONEDX ? sbom_write_cyclonedx(sbom_out, v->image, &v->inv, &err)
                                           : sbom_write_spdx(sbom_out, v->image, &v->inv, &err);
        }
        if (r != 0) {
            cli_error("scan", "%s", err.msg);
            report.errors++;
        }
        scan_free(&s);
    }
    if (sbom) rc = report.errors ? DG_EXIT_ERROR : DG_EXIT_OK;
    else rc = cli_finish(&c, &report, &cfg, NULL);
out:
    if (sbom_out && sbom_out != stdout) fclose(sbom_out);
    dg_strv_free(&paths);
    cli_common_free(&c);
    dg_report_free(&report);
    dg_config_free(&cfg);
    return rc;
}
