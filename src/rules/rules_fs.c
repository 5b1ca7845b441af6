/* File rules for images (DG-F001–F049): risky permissions in the final
 * filesystem (setuid/setgid, world-writable) and credential files by name
 * and content shape in ANY layer — a file deleted by a later layer is still
 * shipped in the earlier layer's blob and anyone with the image can read it.
 * Subject: struct fs_image after fs_build(). Content secrets found by
 * patterns inside ordinary files are rules_secrets.c's. */
#include "core/rule.h"
#include "image/fs.h"
#include "rules/tables.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOPOS ((struct dg_pos){NULL, 0, 0})

static bool has_component(const char *path, const char *comp)
{
    size_t n = strlen(comp);
    for (const char *p = path; (p = strstr(p, comp)); p += n)
        if ((p == path || p[-1] == '/') && (p[n] == '/' || p[n] == '\0')) return true;
    return false;
}

static bool is_file(const struct fs_entry *e)
{
    return e->type == FS_REG || e->type == FS_HARDLINK;
}

/* Which layer an entry belongs to: entries are stored per layer. */
static size_t layer_of(const struct fs_image *img, const struct fs_entry *e)
{
    for (size_t i = 0; i < img->nlayers; i++) {
        const struct fs_layer *l = img->layers[i];
        if (l && l->n && e >= l->entries && e < l->entries + l->n) return i;
    }
    return 0;
}

/* ---- final filesystem permissions ----------------------------------- */

static void perm_rule(struct rule_ctx *ctx, const struct fs_image *img, int which)
{
    for (size_t i = 0; i < img->nfinal; i++) {
        const struct fs_entry *e = img->final[i];
        bool hit = false;
        const char *what = "";
        switch (which) {
        case 0: hit = is_file(e) && (e->mode & 04000); what = "is setuid"; break;
        case 1: hit = is_file(e) && (e->mode & 02000) && (e->mode & 0010); what = "is setgid"; break;
        case 2: hit = is_file(e) && (e->mode & 0002); what = "is a world-writable file"; break;
        case 3: hit = e->type == FS_DIR && (e->mode & 0002) && !(e->mode & 01000);
            what = "is a world-writable folder without the sticky bit"; break;
        }
        if (!hit) continue;
        char w[256], mode[16];
        fs_where(img, layer_of(img, e), e, w, sizeof w);
        snprintf(mode, sizeof mode, "%04o", e->mode & 07777);
        char *esc = fs_path_escape(e->path);
        rule_emit(ctx, NOPOS, mode, "/%s %s (mode %s, owner %u:%u, %s)", esc, what, mode, e->uid, e->gid, w);
        free(esc);
    }
}

static void check_setuid(struct rule_ctx *ctx, const void *s) { perm_rule(ctx, s, 0); }
static void check_setgid(struct rule_ctx *ctx, const void *s) { perm_rule(ctx, s, 1); }
static void check_ww_file(struct rule_ctx *ctx, const void *s) { perm_rule(ctx, s, 2); }
static void check_ww_dir(struct rule_ctx *ctx, const void *s) { perm_rule(ctx, s, 3); }

/* ---- credential files in any layer ---------------------------------- */

typedef bool (*file_pred)(const struct fs_entry *e, const char *base);

static void each_layer_file(struct rule_ctx *ctx, const struct fs_image *img, file_pred pred, const char *what)
{
    for (size_t li = 0; li < img->nlayers; li++) {
        const struct fs_layer *l = img->layers[li];
        if (!l) continue;
        for (size_t k = 0; k < l->n; k++) {
            const struct fs_entry *e = &l->entries[k];
            if (!pred(e, dg_path_base(e->path))) continue;
            char w[256];
            fs_where(img, li, e, w, sizeof w);
            char *esc = fs_path_escape(e->path);
            rule_emit(ctx, NOPOS, esc, "/%s %s (%s)", esc, what, w);
            free(esc);
        }
    }
}

static bool p_private_key(const struct fs_entry *e, const char *b)
{
    (void)b;
    return is_file(e) && (e->content & FS_C_PRIVATE_KEY);
}
static bool p_ssh_key_name(const struct fs_entry *e, const char *b)
{
    if (!is_file(e) || e->size == 0 || (e->content & FS_C_PRIVATE_KEY)) return false;
    static const char *const names[] = {"id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", "id_ecdsa_sk", "id_ed25519_sk", NULL};
    for (size_t i = 0; names[i]; i++) {
        size_t n = strlen(names[i]);
        if (strncmp(b, names[i], n) == 0 && (b[n] == '\0' || (b[n] == '.' && !dg_str_has_suffix(b, ".pub"))) &&
            !dg_str_has_suffix(b, ".pub"))
            return true;
    }
    return false;
}
static bool p_dotenv(const struct fs_entry *e, const char *b)
{
    if (!is_file(e) || !(e->content & FS_C_NONEMPTY_TEXT)) return false;
    if (strcmp(b, ".env") == 0) return true;
    /* .env.production, .env.local; not the templates meant to be shipped. */
    return dg_str_has_prefix(b, ".env.") && !dg_str_has_suffix(b, ".example") && !dg_str_has_suffix(b, ".sample") &&
           !dg_str_has_suffix(b, ".template") && !dg_str_has_suffix(b, ".dist");
}
static bool p_npmrc(const struct fs_entry *e, const char *b)
{
    return is_file(e) && strcmp(b, ".npmrc") == 0 && (e->content & FS_C_NPM_TOKEN);
}
static bool p_aws(const struct fs_entry *e, const char *b)
{
    return is_file(e) && strcmp(b, "credentials") == 0 && has_component(e->path, ".aws") && (e->content & FS_C_AWS_SECRET);
}
static bool p_docker_cfg(const struct fs_entry *e, const char *b)
{
    return is_file(e) && strcmp(b, "config.json") == 0 && (e->content & FS_C_DOCKER_AUTH);
}
static bool p_git_credentials(const struct fs_entry *e, const char *b)
{
    return is_file(e) && strcmp(b, ".git-credentials") == 0 && (e->content & FS_C_NONEMPTY_TEXT);
}
static bool p_keystore(const struct fs_entry *e, const char *b)
{
    return is_file(e) && e->size > 0 &&
           (dg_str_has_suffix(b, ".p12") || dg_str_has_suffix(b, ".pfx") || dg_str_has_suffix(b, ".jks") ||
            dg_str_has_suffix(b, ".keystore"));
}
static bool p_kubeconfig(const struct fs_entry *e, const char *b)
{
    (void)b;
    return is_file(e) && (e->content & FS_C_KUBE_CRED);
}
static bool p_pgpass(const struct fs_entry *e, const char *b)
{
    return is_file(e) && strcmp(b, ".pgpass") == 0 && (e->content & FS_C_NONEMPTY_TEXT);
}
static bool p_netrc(const struct fs_entry *e, const char *b)
{
    (void)b;
    return is_file(e) && (e->content & FS_C_NETRC_PASS);
}
static bool p_history(const struct fs_entry *e, const char *b)
{
    static const char *const names[] = {".bash_history", ".ash_history", ".zsh_history", ".sh_history",
                                        ".python_history", ".mysql_history", ".psql_history", NULL};
    if (!is_file(e) || e->size == 0) return false;
    for (size_t i = 0; names[i]; i++)
        if (strcmp(b, names[i]) == 0) return true;
    return false;
}
static bool p_pypirc(const struct fs_entry *e, const char *b)
{
    return is_file(e) && strcmp(b, ".pypirc") == 0 && (e->content & FS_C_PYPI_PASS);
}
static bool p_vault_token(const struct fs_entry *e, const char *b)
{
    return is_file(e) && e->size > 0 && strcmp(b, ".vault-token") == 0;
}

static void check_private_key(struct rule_ctx *c, const void *s) { each_layer_file(c, s, p_private_key, "holds a private key"); }
static void check_ssh_name(struct rule_ctx *c, const void *s) { each_layer_file(c, s, p_ssh_key_name, "is an SSH private key file"); }
static void check_dotenv(struct rule_ctx *c, const void *s) { each_layer_file(c, s, p_dotenv, "is a dotenv file with settings"); }
static void check_npmrc(struct rule_ctx *c, const void *s) { each_layer_file(c, s, p_npmrc, "holds an npm registry token"); }
static void check_aws(struct rule_ctx *c, const void *s) { each_layer_file(c, s, p_aws, "holds an AWS secret access key"); }
static void check_docker_cfg(struct rule_ctx *c, const void *s) { each_layer_file(c, s, p_docker_cfg, "holds registry credentials (auths.*.auth)"); }
static void check_git_cred(struct rule_ctx *c, const void *s) { each_layer_file(c, s, p_git_credentials, "holds git credentials"); }
static void check_keystore(struct rule_ctx *c, const void *s) { each_layer_file(c, s, p_keystore, "is a PKCS#12 or Java keystore"); }
static void check_kube(struct rule_ctx *c, const void *s) { each_layer_file(c, s, p_kubeconfig, "is a kubeconfig with cluster credentials"); }
static void check_pgpass(struct rule_ctx *c, const void *s) { each_layer_file(c, s, p_pgpass, "holds PostgreSQL passwords"); }
static void check_netrc(struct rule_ctx *c, const void *s) { each_layer_file(c, s, p_netrc, "holds a netrc password"); }
static void check_history(struct rule_ctx *c, const void *s) { each_layer_file(c, s, p_history, "is a shell or client history file"); }
static void check_pypirc(struct rule_ctx *c, const void *s) { each_layer_file(c, s, p_pypirc, "holds a package index password"); }
static void check_vault(struct rule_ctx *c, const void *s) { each_layer_file(c, s, p_vault_token, "is a Vault token file"); }

/* A .git folder: reported once per repository root, at the lowest layer
 * that ships it (later layers only add to it). */
static void check_git_dir(struct rule_ctx *ctx, const void *subject)
{
    const struct fs_image *img = subject;
    struct dg_strv seen = {0};
    for (size_t li = 0; li < img->nlayers; li++) {
        const struct fs_layer *l = img->layers[li];
        if (!l) continue;
        for (size_t k = 0; k < l->n; k++) {
            const struct fs_entry *e = &l->entries[k];
            if (e->type == FS_WHITEOUT || e->type == FS_OPAQUE) continue;
            const char *g = strstr(e->path, ".git");
            /* Find the first ".git" component of the path. */
            while (g && !((g == e->path || g[-1] == '/') && (g[4] == '/' || g[4] == '\0'))) g = strstr(g + 4, ".git");
            if (!g) continue;
            size_t rootlen = (size_t)(g - e->path) + 4;
            char *root = dg_xstrndup(e->path, rootlen);
            if (dg_strv_contains(&seen, root) || seen.n >= 256) {
                free(root);
                continue;
            }
            char w[256], *esc = fs_path_escape(root);
            const struct fs_entry *fin = NULL;
            for (size_t f = 0; f < img->nfinal && !fin; f++)
                if (strcmp(img->final[f]->path, root) == 0) fin = img->final[f];
            char a[96];
            fs_layer_label(img, li, a, sizeof a);
            snprintf(w, sizeof w, "from %s%s", a, fin ? "" : ", not in the final filesystem but still shipped");
            rule_emit(ctx, NOPOS, esc, "/%s is a git repository folder (%s)", esc, w);
            free(esc);
            dg_strv_push_owned(&seen, root);
        }
    }
    dg_strv_free(&seen);
}

static void check_shadow_empty(struct rule_ctx *ctx, const void *subject)
{
    const struct fs_image *img = subject;
    const struct fs_entry *e = fs_lookup(img, "etc/shadow");
    if (!e || !(e->content & FS_C_SHADOW_EMPTY)) return;
    char w[256];
    fs_where(img, layer_of(img, e), e, w, sizeof w);
    rule_emit(ctx, NOPOS, "etc/shadow", "/etc/shadow has an account with an empty password (%s)", w);
}

#define SECRET_FIX "Never COPY credentials into an image, not even to delete them in a later step: every layer " \
    "ships. Pass them at build time with `RUN --mount=type=secret,id=…` (BuildKit) and at run time with " \
    "secrets or a credential helper; rotate any credential that was shipped."

static const struct rule_def rules[] = {
    {"DG-F001", "Setuid file in the image", DG_SEV_MEDIUM, DG_MODEL_FS, "4.8", NULL, NULL, "CIS-DI-0008",
     "A setuid binary runs with its owner's privileges (usually root) whatever user the container runs as; each "
     "one is a privilege-escalation path if it has a flaw.",
     "Remove the bit from binaries the application does not need: `RUN find / -xdev -perm /6000 -type f -exec "
     "chmod a-s {} + || true`.",
     check_setuid},
    {"DG-F002", "Setgid file in the image", DG_SEV_LOW, DG_MODEL_FS, "4.8", NULL, NULL, "CIS-DI-0008",
     "A setgid binary runs with its group's privileges whatever user the container runs as, which widens what a "
     "compromised process can reach.",
     "Remove the bit: `RUN find / -xdev -perm /2000 -type f -exec chmod g-s {} +`.", check_setgid},
    {"DG-F003", "World-writable file in the image", DG_SEV_MEDIUM, DG_MODEL_FS, NULL, NULL, NULL, NULL,
     "Any process in the container, whatever its user, can rewrite a world-writable file; for scripts, binaries "
     "and configuration that is code execution as whoever runs them next.",
     "Drop the permission: `RUN chmod o-w FILE` (or `COPY --chmod=644`).", check_ww_file},
    {"DG-F004", "World-writable folder without the sticky bit", DG_SEV_MEDIUM, DG_MODEL_FS, NULL, NULL, NULL, NULL,
     "Without the sticky bit anyone can delete or replace other users' files in a world-writable folder (as in "
     "/tmp without +t), enabling file substitution attacks.",
     "Set the sticky bit (`chmod 1777 DIR`) or remove world write (`chmod o-w DIR`).", check_ww_dir},
    {"DG-F005", "Private key in the image", DG_SEV_CRITICAL, DG_MODEL_FS, "4.10", NULL, NULL, "CIS-DI-0010",
     "A file that starts with a PEM private key block gives whoever pulls the image the key: TLS impersonation, "
     "SSH access, signing as its owner.",
     SECRET_FIX, check_private_key},
    {"DG-F006", "SSH private key file in the image", DG_SEV_HIGH, DG_MODEL_FS, "4.10", NULL, NULL, "CIS-DI-0010",
     "A file named like an SSH identity (id_rsa, id_ed25519, …) that is not a public key is very likely a "
     "private key (encrypted or in another encoding).",
     SECRET_FIX, check_ssh_name},
    {"DG-F007", "Dotenv file in the image", DG_SEV_MEDIUM, DG_MODEL_FS, "4.10", NULL, NULL, "CIS-DI-0010",
     "`.env` files hold per-environment settings, typically database passwords and API keys; shipped in an image "
     "they reach every registry and host that stores it.",
     "Add `.env*` to .dockerignore and provide settings at run time (`--env-file`, secrets).", check_dotenv},
    {"DG-F008", "npm token in .npmrc", DG_SEV_HIGH, DG_MODEL_FS, "4.10", NULL, NULL, "CIS-DI-0010",
     "An `.npmrc` with `_authToken` (or `_auth`/`_password`) lets anyone publish or read private packages as its "
     "owner.",
     SECRET_FIX, check_npmrc},
    {"DG-F009", "AWS credentials file in the image", DG_SEV_CRITICAL, DG_MODEL_FS, "4.10", NULL, NULL, "CIS-DI-0010",
     "`.aws/credentials` with `aws_secret_access_key` gives the image's readers the account's cloud access.",
     SECRET_FIX, check_aws},
    {"DG-F010", "Registry credentials in a docker config.json", DG_SEV_HIGH, DG_MODEL_FS, "4.10", NULL, NULL,
     "CIS-DI-0010",
     "A docker `config.json` whose `auths` entries hold `auth` stores registry usernames and passwords (base64, "
     "not encrypted): push access to the registry.",
     SECRET_FIX, check_docker_cfg},
    {"DG-F011", "Git credentials file in the image", DG_SEV_HIGH, DG_MODEL_FS, "4.10", NULL, NULL, "CIS-DI-0010",
     "`.git-credentials` stores repository URLs with tokens or passwords in clear text.", SECRET_FIX, check_git_cred},
    {"DG-F012", "Keystore file in the image", DG_SEV_HIGH, DG_MODEL_FS, "4.10", NULL, NULL, "CIS-DI-0010",
     "PKCS#12 (.p12/.pfx) and Java keystores hold private keys; their passwords are often defaults or sit next to "
     "them.",
     SECRET_FIX, check_keystore},
    {"DG-F013", "Kubeconfig with credentials in the image", DG_SEV_HIGH, DG_MODEL_FS, "4.10", NULL, NULL,
     "CIS-DI-0010",
     "A kubeconfig with a token, password or client key grants its cluster access to anyone with the image.",
     SECRET_FIX, check_kube},
    {"DG-F014", "Git repository folder in the image", DG_SEV_MEDIUM, DG_MODEL_FS, NULL, NULL, NULL, NULL,
     "A `.git` folder ships the project's whole history, including files and secrets deleted from the working "
     "tree, and often remote URLs with tokens.",
     "Add `.git` to .dockerignore; copy only what the application needs.", check_git_dir},
    {"DG-F015", "PostgreSQL password file in the image", DG_SEV_HIGH, DG_MODEL_FS, "4.10", NULL, NULL, "CIS-DI-0010",
     "`.pgpass` lists database hosts, users and passwords in clear text.", SECRET_FIX, check_pgpass},
    {"DG-F016", "netrc file with a password in the image", DG_SEV_HIGH, DG_MODEL_FS, "4.10", NULL, NULL, "CIS-DI-0010",
     "`.netrc` stores login passwords for hosts (used by curl, git, ftp) in clear text.", SECRET_FIX, check_netrc},
    {"DG-F017", "Shell or client history file in the image", DG_SEV_LOW, DG_MODEL_FS, NULL, NULL, NULL, NULL,
     "History files record the commands typed while preparing the image, passwords on command lines included.",
     "Do not build images by committing interactive containers; remove history files and build from a Dockerfile.",
     check_history},
    {"DG-F018", "Package index password in .pypirc", DG_SEV_HIGH, DG_MODEL_FS, "4.10", NULL, NULL, "CIS-DI-0010",
     "A `.pypirc` with a password or token lets anyone publish packages as its owner.", SECRET_FIX, check_pypirc},
    {"DG-F019", "Vault token file in the image", DG_SEV_HIGH, DG_MODEL_FS, "4.10", NULL, NULL, "CIS-DI-0010",
     "`.vault-token` is a HashiCorp Vault token: access to every secret its policies allow.", SECRET_FIX,
     check_vault},
    {"DG-F020", "Account with an empty password", DG_SEV_HIGH, DG_MODEL_FS, NULL, NULL, NULL, "DKL-LI-0001",
     "An /etc/shadow entry with an empty password field lets anyone switch to that account without a password "
     "(su, login) inside the container.",
     "Lock the account (`passwd -l NAME`) or set a password hash; remove unused accounts.", check_shadow_empty},
};

const struct rule_table rules_fs_table = {rules, sizeof rules / sizeof rules[0]};
