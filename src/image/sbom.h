/* SBOM writers: CycloneDX 1.5 JSON and SPDX 2.3 JSON documents from an
 * image's package inventory, with package URLs (purl) per package. */
#ifndef DG_IMAGE_SBOM_H
#define DG_IMAGE_SBOM_H

#include <stdio.h>
#include "core/error.h"
#include "model/packages.h"

/* The package URL of p in an image whose OS is os: pkg:deb/debian/…,
 * pkg:apk/alpine/…, pkg:rpm/<id>/…, percent-encoded. Allocated. */
char *sbom_purl(const struct pkg *p, const struct os_info *os);

/* Write one document describing image (its reference) to out. Return 0, or
 * DG_ERR_IO with err set. */
int sbom_write_cyclonedx(FILE *out, const char *image, const struct pkg_inventory *inv, struct dg_error *err);
int sbom_write_spdx(FILE *out, const char *image, const struct pkg_inventory *inv, struct dg_error *err);

#endif
