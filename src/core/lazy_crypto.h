/* libcrypto through the lazily loaded table (see core/lazylib.h): only
 * image scans (layer digests) and the swarm CA check use it, and loading
 * and relocating it cost every other command about 3 ms. */
#ifndef DG_CORE_LAZY_CRYPTO_H
#define DG_CORE_LAZY_CRYPTO_H

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include "core/lazylib.h"

#define DG_CRYPTO_FUNCS(X)                                                                          \
    X(EVP_MD_CTX_new) X(EVP_MD_CTX_free) X(EVP_DigestInit_ex) X(EVP_DigestUpdate) X(EVP_DigestFinal_ex) \
    X(EVP_sha256) X(BIO_new_mem_buf) X(BIO_free) X(PEM_read_bio_X509) X(X509_get0_notBefore)           \
    X(X509_get0_notAfter) X(X509_free) X(ASN1_TIME_to_tm)

struct dg_crypto_api {
#define DG_CRYPTO_MEMBER(name) __typeof__(name) *name;
    DG_CRYPTO_FUNCS(DG_CRYPTO_MEMBER)
#undef DG_CRYPTO_MEMBER
};
extern struct dg_crypto_api dg_crypto_api;

#ifndef DG_LAZYLIB_IMPL
#define EVP_MD_CTX_new dg_crypto_api.EVP_MD_CTX_new
#define EVP_MD_CTX_free dg_crypto_api.EVP_MD_CTX_free
#define EVP_DigestInit_ex dg_crypto_api.EVP_DigestInit_ex
#define EVP_DigestUpdate dg_crypto_api.EVP_DigestUpdate
#define EVP_DigestFinal_ex dg_crypto_api.EVP_DigestFinal_ex
#define EVP_sha256 dg_crypto_api.EVP_sha256
#define BIO_new_mem_buf dg_crypto_api.BIO_new_mem_buf
#define BIO_free dg_crypto_api.BIO_free
#define PEM_read_bio_X509 dg_crypto_api.PEM_read_bio_X509
#define X509_get0_notBefore dg_crypto_api.X509_get0_notBefore
#define X509_get0_notAfter dg_crypto_api.X509_get0_notAfter
#define X509_free dg_crypto_api.X509_free
#define ASN1_TIME_to_tm dg_crypto_api.ASN1_TIME_to_tm
#endif

#endif
