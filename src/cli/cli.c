/* Option parsing from declarative tables, help output, config loading and
 * the shared report-writing tail of reporting commands. */
#include "cli/cli.h"
#include "core/error.h"
#include "core/rule.h"

#include <errno.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const struct cli_option *find_long(const struct cli_option *opts, const char *name, size_t n)
{
    for (const struct cli_option *o = opts; o->name; o++)
        if (strlen(o->name) == n && strncmp(o->name, name, n) == 0) return o;
    return NULL;
}

static const struct cli_option *find_short(const struct cli_option *opts, char c)
{
    for (const struct cli_option *o = opts; o->name; o++)
        if (o->short_name && o->short_name == c) return o;
    return NULL;
}

static int store(const struct cli_option *o, const char *val, struct dg_error *err)
{
    switch (o->kind) {
    case CLI_FLAG: *(bool *)o->dest = true; return 0;
    case CLI_STRING: *(const char **)o->dest = val; return 0;
    case CLI_LIST: {
        const char *s = val;
        while (*s) {
            size_t n = strcspn(s, ",");
            if (n) dg_strv_push_owned((struct dg_strv *)o->dest, dg_xstrndup(s, n));
            s += n;
            if (*s == ',') s++;
        }
        return 0;
    }
    case CLI_INT: {
        errno = 0;
        char *end;
        long v = strtol(val, &end, 10);
        if (errno || end == val || *end)
            return dg_error_set(err, DG_ERR_USAGE, "--%s expects a number, got '%s'", o->name, val);
        *(long *)o->dest = v;
        return 0;
    }
    }
    return 0;
}

int cli_parse(const struct cli_option *opts, int argc, char **argv, struct dg_strv *positional,
              struct dg_error *err)
{
    bool only_pos = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (only_pos || a[0] != '-' || a[1] == '\0') {
            dg_strv_push(positional, a);
            continue;
        }
        if (strcmp(a, "--") == 0) { only_pos = true; continue; }
        if (a[1] == '-') {
            const char *name = a + 2;
            const char *eq = strchr(name, '=');
            size_t n = eq ? (size_t)(eq - name) : strlen(name);
            const struct cli_option *o = find_long(opts, name, n);
            if (!o) return dg_error_set(err, DG_ERR_USAGE, "unknown option --%.*s", (int)n, name);
            if (o->kind == CLI_FLAG) {
                if (eq) return dg_error_set(err, DG_ERR_USAGE, "--%s takes no value", o->name);
                store(o, NULL, err);
                continue;
            }
            const char *val = eq ? eq + 1 : NULL;
            if (!val) {
                if (i + 1 >= argc) return dg_error_set(err, DG_ERR_USAGE, "--%s needs a value", o->name);
                val = argv[++i];
            }
            if (store(o, val, err) != 0) return -1;
            continue;
        }
        /* Short options, possibly combined: -qf json */
        for (const char *p = a + 1; *p; p++) {
            const struct cli_option *o = find_short(opts, *p);
            if (!o) return dg_error_set(err, DG_ERR_USAGE, "unknown option -%c", *p);
            if (o->kind == CLI_FLAG) { store(o, NULL, err); continue; }
            const char *val = p[1] ? p + 1 : NULL;
            if (!val) {
                if (i + 1 >= argc) return dg_error_set(err, DG_ERR_USAGE, "-%c needs a value", *p);
                val = argv[++i];
            }
            if (store(o, val, err) != 0) return -1;
            break;
        }
    }
    return 0;
}

void cli_print_help(FILE *out, const char *usage, const char *summary, const struct cli_option *opts)
{
    fprintf(out, "usage: %s\n\n%s\n\noptions:\n", usage, summary);
    for (const struct cli_option *o = opts; o->name; o++) {
        char left[64];
        if (o->short_name)
            snprintf(left, sizeof left, "-%c, --%s%s%s", o->short_name, o->name, o->arg ? " " : "", o->arg ? o->arg : "");
        else
            snprintf(left, sizeof left, "    --%s%s%s", o->name, o->arg ? " " : "", o->arg ? o->arg : "");
        fprintf(out, "  %-28s %s\n", left, o->help);
    }
}

void cli_common_free(struct cli_common *c)
{
    dg_strv_free(&c->only);
    dg_strv_free(&c->skip);
    if (c->out) fclose(c->out);
    c->out = NULL;
}

/* --format as a dg_format (text when not given). */
static int format_of(const struct cli_common *c, enum dg_format *fmt, struct dg_error *err)
{
    *fmt = DG_FORMAT_TEXT;
    if (c->format && dg_format_parse(c->format, fmt) != 0)
        return dg_error_set(err, DG_ERR_USAGE, "unknown format '%s'", c->format);
    return 0;
}

int cli_open_output(struct cli_common *c, struct dg_error *err)
{
    if (c->out || !c->output || strcmp(c->output, "-") == 0) return 0;
    /* A bad --format must not cost the user the previous report. */
    enum dg_format fmt;
    int rc = format_of(c, &fmt, err);
    if (rc != 0) return rc;
    c->out = fopen(c->output, "w");
    if (!c->out) return dg_error_set(err, DG_ERR_IO, "%s: %s", c->output, strerror(errno));
    return 0;
}

void cli_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "dockguard %s: ", cmd);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

int cli_load_config(struct cli_common *c, const char *start_dir, struct dg_config *cfg, struct dg_error *err)
{
    if (c->config) {
        if (dg_config_load(cfg, c->config, err) != 0) return -1;
    } else {
        char *found = dg_config_find(start_dir ? start_dir : ".");
        if (found) {
            int rc = dg_config_load(cfg, found, err);
            free(found);
            if (rc != 0) return -1;
        }
    }
    for (size_t i = 0; i < c->only.n; i++) dg_strv_push(&cfg->only, c->only.v[i]);
    for (size_t i = 0; i < c->skip.n; i++) dg_strv_push(&cfg->skip, c->skip.v[i]);
    if (c->fail_on) {
        int sev;
        if (dg_severity_parse(c->fail_on, &sev) != 0)
            return dg_error_set(err, DG_ERR_USAGE, "--fail-on: unknown severity '%s'", c->fail_on);
        cfg->fail_on = sev;
    }
    return 0;
}

int cli_finish(struct cli_common *c, struct dg_report *r, const struct dg_config *cfg,
               const struct dg_report_opts *base_opts)
{
    struct dg_error err = {0};
    enum dg_format fmt;
    if (format_of(c, &fmt, &err) != 0 || cli_open_output(c, &err) != 0) {
        cli_error(r->command, "%s", err.msg);
        return DG_EXIT_ERROR;
    }
    FILE *out = c->out ? c->out : stdout;
    c->out = NULL; /* closed below */
    struct dg_report_opts o = base_opts ? *base_opts : (struct dg_report_opts){0};
    o.quiet = c->quiet;
    o.color = !c->no_color && out == stdout && isatty(STDOUT_FILENO) && !getenv("NO_COLOR");
    dg_report_sort(r);
    int rc = dg_report_write(r, fmt, &o, out, &err);
    if (out != stdout) {
        if (fclose(out) != 0 && rc == 0) rc = dg_error_set(&err, DG_ERR_IO, "%s: write failed", c->output);
    } else if (fflush(out) != 0 && rc == 0) {
        rc = dg_error_set(&err, DG_ERR_IO, "stdout: write failed");
    }
    if (rc != 0) {
        cli_error(r->command, "%s", err.msg);
        return DG_EXIT_ERROR;
    }
    if (r->errors) return DG_EXIT_ERROR;
    if (cfg->fail_on >= 0 && dg_report_count_at_least(r, (enum dg_severity)cfg->fail_on) > 0) return DG_EXIT_FINDINGS;
    return DG_EXIT_OK;
}
