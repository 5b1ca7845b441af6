/* image_spec: an image's configuration. Produced by the final stage of a
 * Dockerfile, GET /images/{id}/json (+ history), and the config blob of an
 * image archive; checked by src/rules/rules_image.c. */
#ifndef DG_MODEL_IMAGE_SPEC_H
#define DG_MODEL_IMAGE_SPEC_H

#include <stdbool.h>
#include <stdint.h>
#include "core/finding.h"
#include "model/container_spec.h"

struct build;

struct is_history {
    char *created_by;   /* "/bin/sh -c apt-get update", "ADD file:... in /", or a Dockerfile line */
    bool empty_layer;
    struct dg_pos pos;
};

struct is_port {
    unsigned port;
    char *proto;
    struct dg_pos pos;
};

enum is_health { IS_HEALTH_UNSET = 0, IS_HEALTH_NONE, IS_HEALTH_CMD };

struct image_spec {
    char *ref;              /* name the image is known by (tag, digest or Dockerfile path) */
    char *id;               /* config digest when known */
    char *base;             /* base image (FROM of the final stage) when known */
    struct dg_pos base_pos;
    char *user;             /* NULL or "" = root by default */
    bool user_set;
    struct dg_pos user_pos;
    enum is_health health;
    char *health_test;
    struct dg_pos health_pos;
    struct cs_kvs env;      /* ENV/Config.Env */
    struct cs_kvs labels;
    struct is_port *ports;  /* EXPOSE / ExposedPorts */
    size_t nports, cap_ports;
    struct dg_strv entrypoint;
    struct dg_strv cmd;
    bool entrypoint_shell;  /* shell form ENTRYPOINT */
    char *workdir;
    struct dg_strv volumes;
    char *os, *arch;
    char *created;
    struct is_history *history;
    size_t nhistory, cap_history;
    /* Set when the spec comes from a Dockerfile: rules that the build rules
     * already cover more precisely skip their history heuristics. */
    const struct build *build;
    struct dg_pos stage_pos; /* FROM line of the final stage, or zero */
};

void is_init(struct image_spec *s);
void is_free(struct image_spec *s);
struct is_history *is_add_history(struct image_spec *s);
struct is_port *is_add_port(struct image_spec *s);
/* True when the user is root: unset, "", "root", "0", "root:..." , "0:...". */
bool is_user_is_root(const char *user);

#endif
