/* Classification of shell commands by what they do (see pkgcmd.h). */
#include "rules/pkgcmd.h"

#include <string.h>

static bool eq(const char *a, const char *b)
{
    return strcmp(a, b) == 0;
}

static bool in_list(const char *w, const char *const *list)
{
    for (; *list; list++)
        if (eq(w, *list)) return true;
    return false;
}

/* "pip", "pip3", "pip3.12"; likewise "python3.11". */
static bool versioned(const char *w, const char *stem)
{
    size_t n = strlen(stem);
    if (strncmp(w, stem, n) != 0) return false;
    for (w += n; *w; w++)
        if (!((*w >= '0' && *w <= '9') || *w == '.')) return false;
    return true;
}

/* Options that take a separate value, per manager (the "--opt=value" form
 * needs no entry). */
static const char *const apt_val[] = {"-o", "-c", "-t", "--option", "--config-file", "--target-release",
                                      "--default-release", NULL};
static const char *const apk_val[] = {"-X", "--repository", "-t", "--virtual", "-p", "--root", "--keys-dir",
                                      "--repositories-file", "--arch", "--cache-dir", NULL};
static const char *const yum_val[] = {"-c", "--config", "--installroot", "--releasever", "--enablerepo",
                                      "--disablerepo", "-x", "--exclude", "--repo", "--repoid", "--setopt",
                                      "--downloaddir", "--destdir", "-d", "-e", "--forcearch", NULL};
static const char *const zypper_val[] = {"--from", "-r", "--repo", "-t", "--type", "-R", "--root", NULL};
static const char *const pip_val[] = {"-r", "--requirement", "-c", "--constraint", "-e", "--editable", "-i",
                                      "--index-url", "--extra-index-url", "-f", "--find-links", "-t", "--target",
                                      "--prefix", "--root", "--trusted-host", "--src", "--upgrade-strategy",
                                      "--platform", "--python-version", "--implementation", "--abi",
                                      "--only-binary", "--no-binary", "--progress-bar", "--cache-dir", "--log",
                                      "--proxy", "--retries", "--timeout", "--exists-action", "--cert",
                                      "--client-cert", "--global-option", "--install-option", "--config-settings",
                                      "-C", NULL};
static const char *const npm_val[] = {"--prefix", "--registry", "--cache", "-w", "--workspace", "--userconfig",
                                      "--loglevel", "--tag", "--omit", "--include", NULL};
static const char *const gem_val[] = {"-v", "--version", "-i", "--install-dir", "-n", "--bindir", "--source",
                                      "-s", "-P", "--trust-policy", "--platform", "-g", "--file", NULL};
static const char *const none_val[] = {NULL};

static const char *const *value_opts(enum pkg_mgr m)
{
    switch (m) {
    case PKG_APT: return apt_val;
    case PKG_APK: return apk_val;
    case PKG_YUM: case PKG_DNF: case PKG_MICRODNF: return yum_val;
    case PKG_ZYPPER: return zypper_val;
    case PKG_PIP: return pip_val;
    case PKG_NPM: case PKG_YARN: return npm_val;
    case PKG_GEM: return gem_val;
    default: return none_val;
    }
}

/* Index of the first non-option word at or after i. */
static size_t skip_opts(const struct sh_cmd *c, size_t i, enum pkg_mgr m)
{
    const char *const *vals = value_opts(m);
    while (i < c->nwords && c->words[i][0] == '-') {
        if (eq(c->words[i], "--")) return i + 1;
        i += in_list(c->words[i], vals) ? 2 : 1;
    }
    return i;
}

static enum pkg_op op_of(enum pkg_mgr m, const char *sub)
{
    static const char *const apt_up[] = {"upgrade", "dist-upgrade", "full-upgrade", NULL};
    static const char *const apt_rm[] = {"remove", "purge", "autoremove", NULL};
    static const char *const yum_in[] = {"install", "reinstall", "localinstall", "groupinstall", NULL};
    static const char *const yum_up[] = {"update", "upgrade", "distro-sync", "update-minimal", "upgrade-minimal",
                                         "distribution-synchronization", NULL};
    static const char *const yum_rm[] = {"remove", "erase", "autoremove", NULL};
    switch (m) {
    case PKG_APT:
        if (eq(sub, "update")) return PKGOP_UPDATE;
        if (eq(sub, "install")) return PKGOP_INSTALL;
        if (in_list(sub, apt_up)) return PKGOP_UPGRADE;
        if (eq(sub, "clean") || eq(sub, "autoclean")) return PKGOP_CLEAN;
        if (in_list(sub, apt_rm)) return PKGOP_REMOVE;
        break;
    case PKG_APK:
        if (eq(sub, "update")) return PKGOP_UPDATE;
        if (eq(sub, "add")) return PKGOP_INSTALL;
        if (eq(sub, "upgrade")) return PKGOP_UPGRADE;
        if (eq(sub, "cache")) return PKGOP_CLEAN;
        if (eq(sub, "del")) return PKGOP_REMOVE;
        break;
    case PKG_YUM: case PKG_DNF: case PKG_MICRODNF:
        if (eq(sub, "makecache")) return PKGOP_UPDATE;
        if (in_list(sub, yum_in)) return PKGOP_INSTALL;
        if (in_list(sub, yum_up)) return PKGOP_UPGRADE;
        if (eq(sub, "clean")) return PKGOP_CLEAN;
        if (in_list(sub, yum_rm)) return PKGOP_REMOVE;
        break;
    case PKG_ZYPPER:
        if (eq(sub, "refresh") || eq(sub, "ref")) return PKGOP_UPDATE;
        if (eq(sub, "install") || eq(sub, "in")) return PKGOP_INSTALL;
        if (eq(sub, "update") || eq(sub, "up") || eq(sub, "dist-upgrade") || eq(sub, "dup") || eq(sub, "patch"))
            return PKGOP_UPGRADE;
        if (eq(sub, "clean") || eq(sub, "cc")) return PKGOP_CLEAN;
        if (eq(sub, "remove") || eq(sub, "rm")) return PKGOP_REMOVE;
        break;
    case PKG_PIP:
        if (eq(sub, "install")) return PKGOP_INSTALL;
        if (eq(sub, "uninstall")) return PKGOP_REMOVE;
        if (eq(sub, "cache")) return PKGOP_CLEAN;
        break;
    case PKG_NPM:
        if (eq(sub, "install") || eq(sub, "i") || eq(sub, "add") || eq(sub, "isntall")) return PKGOP_INSTALL;
        if (eq(sub, "uninstall") || eq(sub, "remove") || eq(sub, "rm")) return PKGOP_REMOVE;
        if (eq(sub, "cache")) return PKGOP_CLEAN;
        break;
    case PKG_YARN:
        if (eq(sub, "add")) return PKGOP_INSTALL;
        if (eq(sub, "cache")) return PKGOP_CLEAN;
        break;
    case PKG_GEM:
        if (eq(sub, "install") || eq(sub, "i")) return PKGOP_INSTALL;
        if (eq(sub, "uninstall")) return PKGOP_REMOVE;
        break;
    default: break;
    }
    return PKGOP_OTHER;
}

void pkgcmd_classify(const struct sh_cmd *c, struct pkg_call *out)
{
    memset(out, 0, sizeof *out);
    out->sub = "";
    size_t i = sh_cmd_unwrap(c);
    if (i >= c->nwords) return;
    const char *w = sh_word_base(c, i);
    enum pkg_mgr m = PKG_NONE;
    size_t after = i + 1;
    /* Most commands are no package manager: the first letter tells, and
     * picks the few names to compare. Every rule about packages asks. */
    switch (w[0]) {
    case 'a':
        if (eq(w, "apt-get") || eq(w, "apt")) m = PKG_APT;
        else if (eq(w, "apk")) m = PKG_APK;
        break;
    case 'd':
        if (eq(w, "dnf") || eq(w, "dnf5")) m = PKG_DNF;
        break;
    case 'g':
        if (eq(w, "gem")) m = PKG_GEM;
        break;
    case 'm':
        if (eq(w, "microdnf")) m = PKG_MICRODNF;
        break;
    case 'n':
        if (eq(w, "npm")) m = PKG_NPM;
        break;
    case 'p':
        if (versioned(w, "pip")) {
            m = PKG_PIP;
        } else if (versioned(w, "python")) {
            /* python -m pip … */
            size_t k = i + 1;
            while (k < c->nwords && c->words[k][0] == '-' && !eq(c->words[k], "-m")) k++;
            if (k + 1 < c->nwords && eq(c->words[k], "-m") && versioned(c->words[k + 1], "pip")) {
                m = PKG_PIP;
                after = k + 2;
            }
        }
        break;
    case 'y':
        if (eq(w, "yum")) m = PKG_YUM;
        else if (eq(w, "yarn")) m = PKG_YARN;
        break;
    case 'z':
        if (eq(w, "zypper")) m = PKG_ZYPPER;
        break;
    default: break;
    }
    if (m == PKG_NONE) return;
    out->mgr = m;
    out->tool = c->words[i];
    out->cmd = i;
    size_t s = skip_opts(c, after, m);
    out->sub = s < c->nwords ? c->words[s] : "";
    out->args = s < c->nwords ? s + 1 : c->nwords;
    out->op = op_of(m, out->sub);
}

bool pkgcmd_install_updates(const struct sh_cmd *c, const struct pkg_call *p)
{
    if (p->mgr != PKG_APK || p->op != PKGOP_INSTALL) return false;
    for (size_t i = p->cmd + 1; i < c->nwords; i++)
        if (eq(c->words[i], "--update") || eq(c->words[i], "-U") || eq(c->words[i], "--update-cache"))
            return true;
    return false;
}

void pkgcmd_each_package(const struct sh_cmd *c, const struct pkg_call *p,
                         bool (*fn)(void *ud, const char *pkg), void *ud)
{
    const char *const *vals = value_opts(p->mgr);
    for (size_t i = p->args; i < c->nwords; i++) {
        const char *w = c->words[i];
        if (w[0] == '-') {
            if (in_list(w, vals)) i++;
            continue;
        }
        if (!w[0]) continue;
        if (!fn(ud, w)) return;
    }
}

bool pkgcmd_is_download(const struct sh_cmd *c)
{
    size_t i = sh_cmd_unwrap(c);
    if (i >= c->nwords) return false;
    const char *w = sh_word_base(c, i);
    return eq(w, "curl") || eq(w, "wget") || eq(w, "fetch") || eq(w, "aria2c") || eq(w, "http") ||
           eq(w, "https");
}

bool pkgcmd_is_shell(const char *base)
{
    static const char *const shells[] = {"sh", "bash", "ash", "dash", "zsh", "ksh", "mksh", "fish", "perl",
                                         "ruby", "node", "php", "source", ".", NULL};
    return in_list(base, shells) || versioned(base, "python");
}

bool pkgcmd_history_script(const char *created_by, const char **script)
{
    const char *s = created_by;
    if (!s) return false;
    while (*s == ' ') s++;
    /* "|2 A=1 B=2 /bin/sh -c …": build args recorded by the classic builder. */
    if (*s == '|') {
        int n = 0;
        for (s++; *s >= '0' && *s <= '9' && n < 10000; s++) n = n * 10 + (*s - '0');
        for (int k = 0; k < n && *s; k++) {
            while (*s == ' ') s++;
            s += strcspn(s, " ");
        }
        while (*s == ' ') s++;
    }
    if (strncmp(s, "RUN ", 4) == 0) s += 4;
    while (*s == ' ') s++;
    if (strstr(s, "#(nop)")) return false;
    const char *shells[] = {"/bin/sh -c ", "/bin/bash -c ", "sh -c ", "bash -c ", "/bin/ash -c ", NULL};
    for (size_t i = 0; shells[i]; i++)
        if (strncmp(s, shells[i], strlen(shells[i])) == 0) {
            *script = s + strlen(shells[i]);
            return true;
        }
    /* BuildKit records the RUN line itself: "RUN apt-get update # buildkit". */
    if (s != created_by && strncmp(created_by, "RUN ", 4) == 0) {
        *script = s;
        return true;
    }
    return false;
}
