/* What a shell command does, for the rules that read RUN commands and image
 * history: package-manager operations (update, install, upgrade, clean),
 * downloads, shells. Works on one sh_cmd from the shell reader, looking
 * through wrappers such as sudo and env. */
#ifndef DG_RULES_PKGCMD_H
#define DG_RULES_PKGCMD_H

#include <stdbool.h>
#include <stddef.h>
#include "dockerfile/shell.h"

enum pkg_mgr { PKG_NONE = 0, PKG_APT, PKG_APK, PKG_YUM, PKG_DNF, PKG_MICRODNF, PKG_ZYPPER, PKG_PIP, PKG_NPM,
               PKG_GEM, PKG_YARN };

enum pkg_op { PKGOP_OTHER = 0, PKGOP_UPDATE, PKGOP_INSTALL, PKGOP_UPGRADE, PKGOP_CLEAN, PKGOP_REMOVE };

struct pkg_call {
    enum pkg_mgr mgr;
    enum pkg_op op;
    const char *tool;    /* command name as written ("apt-get", "pip3", "dnf") */
    const char *sub;     /* subcommand word ("install", "add", "dist-upgrade"), or "" */
    size_t cmd;          /* index of the tool word */
    size_t args;         /* index of the first word after the subcommand */
};

/* Classifies a command; mgr == PKG_NONE when it is not a package manager.
 * "python3 -m pip install" is pip; "apk add --update" is an install that
 * also updates the index. */
void pkgcmd_classify(const struct sh_cmd *c, struct pkg_call *out);

/* True when the install also refreshes the index in the same command
 * (apk add --update / -U). */
bool pkgcmd_install_updates(const struct sh_cmd *c, const struct pkg_call *p);

/* Package operands of an install: words after the subcommand that are not
 * options or option values. Calls fn for each; fn returns false to stop. */
void pkgcmd_each_package(const struct sh_cmd *c, const struct pkg_call *p,
                         bool (*fn)(void *ud, const char *pkg), void *ud);

/* Downloader (curl, wget, fetch, aria2c) at the effective command. */
bool pkgcmd_is_download(const struct sh_cmd *c);
/* A shell or script interpreter that would run what it reads on stdin. */
bool pkgcmd_is_shell(const char *base);

/* True when the shell text of one history entry ("/bin/sh -c apt-get …",
 * "RUN /bin/sh -c … # buildkit", "|2 A=1 B=2 /bin/sh -c …") starts with a
 * shell command; *script points at the script text. */
bool pkgcmd_history_script(const char *created_by, const char **script);

#endif
