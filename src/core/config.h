/* Configuration: .dockguard.yaml plus command-line overrides. */
#ifndef DG_CORE_CONFIG_H
#define DG_CORE_CONFIG_H

#include "core/finding.h"
#include "core/util.h"

struct dg_error;

struct dg_sev_override {
    char *rule_id;
    enum dg_severity severity;
};

/* A path-scoped ignore: rule ids ignored for files matching a glob. */
struct dg_path_ignore {
    char *glob;
    struct dg_strv rules;
};

struct dg_config {
    char *path;                      /* file it was loaded from, or NULL */
    struct dg_strv ignore;           /* rule ids ignored everywhere */
    struct dg_path_ignore *path_ignores;
    size_t npath_ignores;
    struct dg_strv only;             /* when non-empty, only these rules (ids or prefixes like DG-C) */
    struct dg_strv skip;             /* rule ids or prefixes to skip */
    struct dg_sev_override *overrides;
    size_t noverrides;
    struct dg_strv trusted_registries; /* e.g. "registry.example.com", "ghcr.io/acme" */
    struct dg_strv trusted_images;     /* image name prefixes trusted as bases */
    int fail_on;                     /* severity threshold, -1 = never fail */
    char *cis_version;               /* "1.8.0" by default */
    /* authz policy: rules whose findings deny a request, and severity threshold. */
    int authz_deny_at;               /* severity at or above which a request is denied */
    struct dg_strv authz_allow_rules;/* rules that never deny */
};

void dg_config_init(struct dg_config *c);
void dg_config_free(struct dg_config *c);
/* Loads a YAML config file into c (merging over what is there). */
int dg_config_load(struct dg_config *c, const char *path, struct dg_error *err);
/* Parses configuration text; path names it in errors. */
int dg_config_parse(struct dg_config *c, const char *path, const char *text, size_t len, struct dg_error *err);
/* Walks up from dir looking for .dockguard.yaml / .dockguard.yml; returns an
 * allocated path or NULL. Stops at the filesystem root. */
char *dg_config_find(const char *dir);
/* Effective severity for a rule after overrides. */
enum dg_severity dg_config_severity(const struct dg_config *c, const char *rule_id, enum dg_severity def);
bool dg_config_ignored(const struct dg_config *c, const char *rule_id, const char *file);
/* True when an image reference comes from a trusted source: official
 * library images, or a configured registry/image prefix. */
bool dg_config_image_trusted(const struct dg_config *c, const char *image_ref);

#endif
