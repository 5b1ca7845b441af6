/* dockguard: one subcommand table, dispatched by name. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

struct command {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *summary;
};

static const struct command commands[] = {
    {"lint", cmd_lint, "lint Dockerfiles, .dockerignore, compose files and docker run lines"},
    {"audit", cmd_audit, "audit a live Docker host against the CIS Docker Benchmark"},
    {"scan", cmd_scan, "scan an image archive: integrity, config, files, secrets, packages, SBOM"},
    {"rules", cmd_rules, "list the rules"},
    {"explain", cmd_explain, "explain one rule: rationale, references and fix"},
};

static void usage(FILE *out)
{
    fputs("usage: dockguard <command> [options] [args]\n\ncommands:\n", out);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fputs("\nRun 'dockguard <command> --help' for a command's options.\n"
          "Exit status: 0 clean, 1 findings at or above --fail-on, 2 usage or runtime error.\n", out);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return DG_EXIT_ERROR;
    }
    const char *name = argv[1];
    if (strcmp(name, "--version") == 0 || strcmp(name, "version") == 0) {
        printf("dockguard %s\n", DG_VERSION);
        return DG_EXIT_OK;
    }
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 || strcmp(name, "help") == 0) {
        usage(stdout);
        return DG_EXIT_OK;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(commands[i].name, name) == 0) return commands[i].fn(argc - 1, argv + 1);
    fprintf(stderr, "dockguard: unknown command '%s'\n\n", name);
    usage(stderr);
    return DG_EXIT_ERROR;
}
