/* Content-secret rules for images (DG-F050–F099): credentials of known
 * shapes found INSIDE ordinary files (config files, scripts, source) by the
 * shared secrets scanner while the archive was streamed. Each layer keeps
 * its matches (struct fs_secret), so a secret in a file that a later layer
 * deleted or replaced is still reported: the earlier layer's blob ships it.
 * One rule per credential family; evidence is always redacted. Credential
 * files recognised by name are rules_fs.c's. Subject: struct fs_image after
 * fs_build(). */
#include "core/rule.h"
#include "image/fs.h"
#include "rules/tables.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOPOS ((struct dg_pos){NULL, 0, 0})

/* Reports every secret of the layers whose id is in ids (NULL-terminated). */
static void report_family(struct rule_ctx *ctx, const struct fs_image *img, const char *const *ids)
{
    for (size_t li = 0; li < img->nlayers; li++) {
        const struct fs_layer *l = img->layers[li];
        if (!l) continue;
        for (size_t k = 0; k < l->nsecrets; k++) {
            const struct fs_secret *s = &l->secrets[k];
            bool mine = false;
            for (size_t i = 0; ids[i] && !mine; i++) mine = strcmp(s->id, ids[i]) == 0;
            if (!mine) continue;
            const struct fs_entry *e = fs_layer_find(l, s->entry);
            /* A file that starts with a key block is DG-F005's already. */
            if (e && strcmp(s->id, "private-key") == 0 && (e->content & FS_C_PRIVATE_KEY)) continue;
            char w[256];
            if (e) fs_where(img, li, e, w, sizeof w);
            else fs_layer_label(img, li, w, sizeof w);
            char *esc = fs_path_escape(s->path);
            rule_emit(ctx, NOPOS, s->evidence, "/%s:%d holds a %s (%s)", esc, s->line, s->kind, w);
            free(esc);
        }
    }
}

static const char *const ids_private_key[] = {"private-key", NULL};
static const char *const ids_aws[] = {"aws-access-key-id", "aws-secret-access-key", NULL};
static const char *const ids_git_hosting[] = {"github-token", "gitlab-token", NULL};
static const char *const ids_slack[] = {"slack-token", "slack-webhook", NULL};
static const char *const ids_api_keys[] = {"stripe-key", "google-api-key", NULL};
static const char *const ids_registry[] = {"npm-token", "pypi-token", "dockerhub-token", NULL};
static const char *const ids_jwt[] = {"jwt", NULL};
static const char *const ids_generic[] = {"generic-password", NULL};

static void check_private_key(struct rule_ctx *c, const void *s) { report_family(c, s, ids_private_key); }
static void check_aws(struct rule_ctx *c, const void *s) { report_family(c, s, ids_aws); }
static void check_git_hosting(struct rule_ctx *c, const void *s) { report_family(c, s, ids_git_hosting); }
static void check_slack(struct rule_ctx *c, const void *s) { report_family(c, s, ids_slack); }
static void check_api_keys(struct rule_ctx *c, const void *s) { report_family(c, s, ids_api_keys); }
static void check_registry(struct rule_ctx *c, const void *s) { report_family(c, s, ids_registry); }
static void check_jwt(struct rule_ctx *c, const void *s) { report_family(c, s, ids_jwt); }
static void check_generic(struct rule_ctx *c, const void *s) { report_family(c, s, ids_generic); }

#define FIX "Remove the credential from the file and from every layer (rebuild without it, do not delete it in " \
    "a later step: earlier layers still ship it), revoke and rotate it, and pass credentials at run time " \
    "(secrets, environment from a secret store) or at build time with `RUN --mount=type=secret`."

static const struct rule_def rules[] = {
    {"DG-F050", "Private key block inside a file in the image", DG_SEV_CRITICAL, DG_MODEL_FS, "4.10", NULL, NULL,
     "CIS-DI-0010",
     "A PEM private key embedded in a file (a config file, a script, a bundle) gives whoever pulls the image the "
     "key. Files that start with the key block are reported by DG-F005 instead.",
     FIX, check_private_key},
    {"DG-F051", "AWS credentials inside a file in the image", DG_SEV_CRITICAL, DG_MODEL_FS, "4.10", NULL, NULL,
     "CIS-DI-0010",
     "An AWS access key ID (AKIA…/ASIA…) or secret access key in a file gives the image's readers the account's "
     "cloud access up to the key's policies.",
     FIX, check_aws},
    {"DG-F052", "GitHub or GitLab token inside a file in the image", DG_SEV_HIGH, DG_MODEL_FS, "4.10", NULL, NULL,
     "CIS-DI-0010",
     "A GitHub (ghp_, gho_, ghs_, github_pat_…) or GitLab (glpat-) token grants repository access, often write "
     "access and CI secrets, as its owner.",
     FIX, check_git_hosting},
    {"DG-F053", "Slack token or webhook inside a file in the image", DG_SEV_HIGH, DG_MODEL_FS, "4.10", NULL, NULL,
     "CIS-DI-0010",
     "A Slack token (xox…) reads and posts as a user or bot; a webhook URL posts into a channel, a ready phishing "
     "channel.",
     FIX, check_slack},
    {"DG-F054", "Stripe or Google API key inside a file in the image", DG_SEV_HIGH, DG_MODEL_FS, "4.10", NULL, NULL,
     "CIS-DI-0010",
     "A live Stripe key moves money and reads customer data; a Google API key is billed to its project and may "
     "reach its APIs.",
     FIX, check_api_keys},
    {"DG-F055", "Package registry token inside a file in the image", DG_SEV_HIGH, DG_MODEL_FS, "4.10", NULL, NULL,
     "CIS-DI-0010",
     "An npm, PyPI or Docker Hub token lets anyone publish packages or images as its owner: a supply-chain attack "
     "on everyone who installs them.",
     FIX, check_registry},
    {"DG-F056", "JSON Web Token inside a file in the image", DG_SEV_MEDIUM, DG_MODEL_FS, "4.10", NULL, NULL,
     "CIS-DI-0010",
     "A JWT is a bearer credential: until it expires, whoever holds it is who it names (service accounts often "
     "have tokens that never expire).",
     FIX, check_jwt},
    {"DG-F057", "Password or secret assignment inside a file in the image", DG_SEV_LOW, DG_MODEL_FS, "4.10", NULL,
     NULL, "CIS-DI-0010",
     "A `password = …`, `secret: …`, `api_key=…` assignment with a random-looking literal value (placeholders, "
     "variable references and code are left out) is likely a real credential shipped in configuration.",
     FIX, check_generic},
};

const struct rule_table rules_secrets_table = {rules, sizeof rules / sizeof rules[0]};
