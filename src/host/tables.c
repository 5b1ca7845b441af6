/* Data tables of the host audit: the file owner/mode table of CIS section 3
 * and the engine releases that fixed known security problems. */
#include "host/host.h"
#include "core/finding.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* Expected owner root (group root, or docker where noted) and the most
 * permissive mode the benchmark allows. One row per file family; the rule
 * ids say which CIS item each half of the row belongs to. */
static const struct host_perm_row perm_rows[] = {
    {"docker.service unit", HP_UNIT_SERVICE, NULL, false, 0644, "DG-H031", "DG-H032"},
    {"docker.socket unit", HP_UNIT_SOCKET, NULL, false, 0644, "DG-H033", "DG-H034"},
    {"/etc/docker directory", HP_FIXED, "/etc/docker", false, 0755, "DG-H035", "DG-H036"},
    {"registry certificate", HP_CERTS_D, NULL, false, 0444, "DG-H037", "DG-H038"},
    {"TLS CA certificate", HP_TLSCACERT, NULL, false, 0444, "DG-H039", "DG-H040"},
    {"TLS server certificate", HP_TLSCERT, NULL, false, 0444, "DG-H041", "DG-H042"},
    {"TLS server key", HP_TLSKEY, NULL, false, 0400, "DG-H043", "DG-H044"},
    {"Docker socket", HP_DOCKER_SOCK, NULL, true, 0660, "DG-H045", "DG-H046"},
    {"daemon.json", HP_DAEMON_JSON, NULL, false, 0644, "DG-H047", "DG-H048"},
    {"/etc/default/docker", HP_FIXED, "/etc/default/docker", false, 0644, "DG-H049", "DG-H050"},
    {"/etc/sysconfig/docker", HP_FIXED, "/etc/sysconfig/docker", false, 0644, "DG-H052", "DG-H051"},
    {"containerd socket", HP_CONTAINERD_SOCK, NULL, false, 0660, "DG-H053", "DG-H054"},
    {"/etc/containerd/config.toml", HP_FIXED, "/etc/containerd/config.toml", false, 0644, "DG-H055", "DG-H055"},
};

const struct host_perm_row *host_perm_table(size_t *n)
{
    *n = sizeof perm_rows / sizeof perm_rows[0];
    return perm_rows;
}

unsigned host_mode_excess(unsigned mode, unsigned max)
{
    return mode & ~max & 07777u;
}

/* Fixed releases. Sources: the Moby security advisories as summarised in
 * public advisory databases (GHSA/NVD):
 *  - CVE-2024-41110 (GHSA-v23v-6jw2-98fq), AuthZ plugin bypass with a
 *    Content-Length: 0 request: fixed in 23.0.15, 25.0.6, 26.1.5, 27.1.1;
 *    the regression entered in 19.03.0. 24.0 and 26.0 got no fix release.
 *  - CVE-2026-34040 (GHSA-x744-4wpc-v9h2), AuthZ plugin bypass with an
 *    oversized request body: the advisory names 29.3.1 as the fixed
 *    release. We could not confirm fixes on older branches, so every
 *    release before 29.3.1 counts as affected; a distribution that
 *    backported the patch without changing the version will be flagged.
 *  - CVE-2024-29018, DNS requests from internal networks leak to external
 *    resolvers: fixed in 23.0.11, 25.0.5, 26.0.0.
 *  - CVE-2023-28841, encrypted overlay traffic may be sent unencrypted:
 *    fixed in 20.10.24, 23.0.3.
 *  - CVE-2022-36109, supplementary groups not set up (a container user can
 *    gain the groups the image lists): fixed in 20.10.18.
 *  - CVE-2021-41091, data directory permissions let unprivileged host users
 *    run container binaries: fixed in 20.10.9. */
static const char *const fix_41110[] = {"23.0.15", "25.0.6", "26.1.5", "27.1.1", NULL};
static const char *const fix_34040[] = {"29.3.1", NULL};
static const char *const fix_29018[] = {"23.0.11", "25.0.5", "26.0.0", NULL};
static const char *const fix_28841[] = {"20.10.24", "23.0.3", NULL};
static const char *const fix_36109[] = {"20.10.18", NULL};
static const char *const fix_41091[] = {"20.10.9", NULL};

static const struct host_vuln vulns[] = {
    {"CVE-2024-41110", "authorization plugins can be bypassed with a request that has no body",
     DG_SEV_CRITICAL, true, "19.03.0", fix_41110, NULL},
    {"CVE-2026-34040", "authorization plugins can be bypassed with an oversized request body",
     DG_SEV_HIGH, true, NULL, fix_34040,
     "fixed in 29.3.1; fixes on older branches could not be confirmed, so a distribution build with a "
     "backported patch is reported too"},
    {"CVE-2024-29018", "containers on internal networks can reach external DNS servers (data exfiltration)",
     DG_SEV_MEDIUM, false, NULL, fix_29018, NULL},
    {"CVE-2023-28841", "encrypted overlay network traffic may be sent unencrypted", DG_SEV_HIGH, false, NULL,
     fix_28841, NULL},
    {"CVE-2022-36109", "supplementary groups are not set up properly in containers", DG_SEV_MEDIUM, false, NULL,
     fix_36109, NULL},
    {"CVE-2021-41091", "the data directory lets unprivileged host users traverse and run container files",
     DG_SEV_MEDIUM, false, NULL, fix_41091, NULL},
};

const struct host_vuln *host_vuln_table(size_t *n)
{
    *n = sizeof vulns / sizeof vulns[0];
    return vulns;
}

/* Up to 4 numeric parts; stops at the first character that is not a digit
 * or dot ("20.10.24+dfsg1" -> 20.10.24, "27.1.1-rc.1" -> 27.1.1). */
static int version_parts(const char *v, long p[4])
{
    memset(p, 0, 4 * sizeof *p);
    if (!v) return 0;
    if (*v == 'v' || *v == 'V') v++;
    int n = 0;
    while (n < 4 && isdigit((unsigned char)*v)) {
        long x = 0;
        while (isdigit((unsigned char)*v)) {
            if (x < 100000000) x = x * 10 + (*v - '0');
            v++;
        }
        p[n++] = x;
        if (*v != '.') break;
        v++;
    }
    return n;
}

int host_version_cmp(const char *a, const char *b)
{
    long pa[4], pb[4];
    version_parts(a, pa);
    version_parts(b, pb);
    for (int i = 0; i < 4; i++)
        if (pa[i] != pb[i]) return pa[i] < pb[i] ? -1 : 1;
    return 0;
}

static bool same_branch(const char *a, const char *b)
{
    long pa[4], pb[4];
    version_parts(a, pa);
    version_parts(b, pb);
    return pa[0] == pb[0] && pa[1] == pb[1];
}

bool host_version_affected(const char *version, const struct host_vuln *v)
{
    long p[4];
    if (!version || version_parts(version, p) < 2) return false;
    if (v->introduced && host_version_cmp(version, v->introduced) < 0) return false;
    const char *newest = NULL;
    for (size_t i = 0; v->fixed[i]; i++) {
        if (same_branch(version, v->fixed[i])) return host_version_cmp(version, v->fixed[i]) < 0;
        if (!newest || host_version_cmp(v->fixed[i], newest) > 0) newest = v->fixed[i];
    }
    /* No fix on this branch: fixed only when the branch is newer than the
     * newest fixed release. */
    return newest && host_version_cmp(version, newest) < 0;
}
