/* Fuzz target: daemon.json parsing (with positions and type checks), the
 * same bytes as dockerd flags and as a systemd ExecStart= line, then the
 * daemon rules over whatever was parsed. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/finding.h"
#include "core/rule.h"
#include "host/host.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > HOST_MAX_CONFIG) return 0;
    struct daemon_spec d;
    ds_init(&d);
    struct dg_error err = {0};
    daemon_json_parse((const char *)data, size, "/etc/docker/daemon.json", &d, &err);

    /* The input as a command line: words split on whitespace. */
    char *text = dg_xstrndup((const char *)data, size);
    struct dg_strv argv = {0}, env = {0};
    char *save = NULL;
    for (char *w = strtok_r(text, " \t\n", &save); w && argv.n < HOST_MAX_ARGS; w = strtok_r(NULL, " \t\n", &save))
        dg_strv_push(&argv, w);
    daemon_args_parse(&argv, "/proc/1/cmdline", 0, &d, &err);
    dg_strv_free(&argv);
    free(text);

    text = dg_xstrndup((const char *)data, size);
    dg_strv_push(&env, "DOCKER_OPTS=--icc=false -H tcp://0.0.0.0:2375");
    struct dg_strv words = {0};
    host_split_command(text, &env, &words, &err);
    dg_strv_free(&words);
    dg_strv_free(&env);
    free(text);

    struct dg_report rep;
    dg_report_init(&rep, "audit");
    struct rule_ctx ctx = {0};
    ctx.report = &rep;
    ctx.root = "/";
    rules_run(DG_MODEL_DAEMON, &d, &ctx);
    dg_report_free(&rep);
    ds_free(&d);
    return 0;
}
