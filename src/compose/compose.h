/* Compose projects: one or more compose files (base, then overrides) merged
 * as `docker compose` does, with `.env` interpolation, anchors and merge
 * keys, `extends`, and env_file reading, turned into one container_spec per
 * service. Every field's dg_pos names the file and line where its effective
 * value was written; those file strings are owned by the project. */
#ifndef DG_COMPOSE_COMPOSE_H
#define DG_COMPOSE_COMPOSE_H

#include <stddef.h>
#include "compose/envfile.h"
#include "compose/ytree.h"
#include "model/container_spec.h"

struct dg_error;

#define COMPOSE_MAX_FILES        64     /* compose + extended + env files in one project */
#define COMPOSE_MAX_SERVICES     10000
#define COMPOSE_MAX_EXTENDS      16     /* extends chain depth */
#define COMPOSE_MAX_LIST         100000 /* entries in one list (ports, volumes, environment...) */
#define COMPOSE_MAX_WORK         1000000 /* nodes made or entries copied by merges, and entries converted, per
                                            project: extends and merges could otherwise multiply a big list by
                                            many services */

enum compose_source_kind {
    COMPOSE_SRC_COMPOSE = 0,   /* a file given to compose_load */
    COMPOSE_SRC_EXTENDS,       /* a file reached through extends: file: */
    COMPOSE_SRC_ENV_FILE,      /* a file named by env_file: */
    COMPOSE_SRC_DOTENV,        /* the .env file used for interpolation */
    COMPOSE_SRC_INCLUDE        /* a file reached through the top-level include: */
};

/* A file read for the project; its path string is what dg_pos.file points at. */
struct compose_source {
    char *path;
    char *text;
    size_t len;
    char *basedir;             /* folder relative paths written in this file resolve against */
    enum compose_source_kind kind;
    struct ynode *root;        /* compose and extends files: the merged documents */
    struct envfile env;        /* env files and .env: the parsed entries */
};

struct compose_service {
    struct container_spec spec;   /* spec.name = the service name */
    const char *file;             /* where the service is defined (first file that names it) */
    int line;
    char *context_dir;            /* build context resolved against its file, or NULL */
    char *dockerfile;             /* Dockerfile path resolved against the context, or NULL */
    struct dg_pos build_pos;
};

struct compose_project {
    struct compose_service *services;
    size_t nservices;
    struct compose_source **sources;  /* pointers: their addresses stay valid */
    size_t nsources;
    char *project_dir;
    struct compose_source *dotenv;    /* NULL when there is no .env */
    struct yarena arena;
    size_t work;                      /* against COMPOSE_MAX_WORK */
};

/* Loads paths[0..n) merged in order. Returns 0, or a negative DG_ERR_* with
 * err = "file:line: what is wrong" (the project is then already freed). */
int compose_load(const char *const *paths, size_t n, struct compose_project *out, struct dg_error *err);
/* The same for one file whose text is already in memory (path names it in
 * positions and locates .env, env files and extended files). */
int compose_load_text(const char *path, const char *text, size_t len, struct compose_project *out,
                      struct dg_error *err);
void compose_project_free(struct compose_project *p);

/* Parses one short port spec ("127.0.0.1:8080:80/udp", "[::1]:80:80",
 * "9000-9005:9000-9005") into p (host_ip, ranges, proto; strings owned by p).
 * Returns 0 or -1 with a reason in *why (static string). */
int compose_parse_port(const char *spec, struct cs_port *p, const char **why);

#endif
