/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_docstore.c — the encrypted document store. File layout:
 *   "DKD1" | 12-byte random nonce | 16-byte GCM tag | ciphertext
 * The document id is the additional authenticated data, so a file renamed to
 * another id does not decrypt. The 256-bit key is SHA-256 over a fixed label
 * and DK_DOCUMENT_KEY. */
#include "store/dk_docstore.h"

#include "core/dk_config.h"
#include "core/dk_crypto.h"
#include "core/dk_err.h"
#include "core/dk_upload_limit.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAGIC "DKD1"
#define NONCE 12
#define TAG 16
#define HEADER (4 + NONCE + TAG)

static void derive_key(unsigned char key[32])
{
    const char *secret = dk_config_str("DK_DOCUMENT_KEY");
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    unsigned int n = 0;
    EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
    EVP_DigestUpdate(ctx, "dk-docstore-v1\0", 15);
    EVP_DigestUpdate(ctx, secret, strlen(secret));
    EVP_DigestFinal_ex(ctx, key, &n);
    EVP_MD_CTX_free(ctx);
}

static int path_of(const char *doc_id, char *out, size_t outlen, char *err, size_t errlen)
{
    if (!dk_uuid_valid(doc_id)) {
        dk_errf(err, errlen, "document id is not a UUID");
        return -1;
    }
    const char *dir = dk_config_str("DK_DOCUMENT_DIR");
    if (snprintf(out, outlen, "%s/%s.dkd", dir, doc_id) >= (int)outlen) {
        dk_errf(err, errlen, "DK_DOCUMENT_DIR is too long");
        return -1;
    }
    return 0;
}

int dk_docstore_put(const char *doc_id, const void *bytes, size_t len, char *err, size_t errlen)
{
    char path[4096], tmp[4200];
    if (path_of(doc_id, path, sizeof path, err, errlen) != 0)
        return -1;
    if (len > dk_upload_max()) {
        dk_errf(err, errlen, "image of %zu bytes exceeds %zu", len, dk_upload_max());
        return -1;
    }
    unsigned char key[32], *out = malloc(HEADER + len + 1);
    if (!out) {
        dk_errf(err, errlen, "out of memory for an image of %zu bytes", len);
        return -1;
    }
    memcpy(out, MAGIC, 4);
    if (dk_random_bytes(out + 4, NONCE) != 0) {
        free(out);
        dk_errf(err, errlen, "no random bytes for the nonce");
        return -1;
    }
    derive_key(key);
    EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
    int n = 0, fin = 0,
        ok = EVP_EncryptInit_ex(c, EVP_aes_256_gcm(), NULL, NULL, NULL) == 1 &&
             EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_IVLEN, NONCE, NULL) == 1 &&
             EVP_EncryptInit_ex(c, NULL, NULL, key, out + 4) == 1 &&
             EVP_EncryptUpdate(c, NULL, &n, (const unsigned char *)doc_id, (int)strlen(doc_id)) ==
                 1 &&
             EVP_EncryptUpdate(c, out + HEADER, &n, bytes, (int)len) == 1 &&
             EVP_EncryptFinal_ex(c, out + HEADER + n, &fin) == 1 &&
             EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_GET_TAG, TAG, out + 4 + NONCE) == 1;
    EVP_CIPHER_CTX_free(c);
    OPENSSL_cleanse(key, sizeof key);
    if (!ok) {
        free(out);
        dk_errf(err, errlen, "encryption failed");
        return -1;
    }
    snprintf(tmp, sizeof tmp, "%s.tmp.%d", path, (int)getpid());
    mkdir(dk_config_str("DK_DOCUMENT_DIR"), 0700);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    size_t total = HEADER + (size_t)n + (size_t)fin, done = 0;
    while (fd >= 0 && done < total) {
        ssize_t w = write(fd, out + done, total - done);
        if (w <= 0)
            break;
        done += (size_t)w;
    }
    free(out);
    if (fd < 0 || done < total || fsync(fd) != 0 || close(fd) != 0 || rename(tmp, path) != 0) {
        dk_errf(err, errlen, "cannot store the document: %s", strerror(errno));
        if (fd >= 0)
            unlink(tmp);
        return -1;
    }
    return 0;
}

int dk_docstore_get(const char *doc_id, void **bytes, size_t *len, size_t max, char *err,
                    size_t errlen)
{
    char path[4096];
    *bytes = NULL;
    *len = 0;
    if (path_of(doc_id, path, sizeof path, err, errlen) != 0)
        return -1;
    FILE *f = fopen(path, "rb");
    if (!f) {
        dk_errf(err, errlen, "document %s is not in the store: %s", doc_id, strerror(errno));
        return -1;
    }
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || st.st_size < HEADER || (size_t)st.st_size - HEADER > max) {
        fclose(f);
        dk_errf(err, errlen, "document %s has an impossible size", doc_id);
        return -1;
    }
    size_t size = (size_t)st.st_size;
    unsigned char *in = malloc(size), *plain = malloc(size - HEADER + 1);
    if (!in || !plain) {
        fclose(f);
        free(in);
        free(plain);
        dk_errf(err, errlen, "out of memory reading document %s", doc_id);
        return -1;
    }
    int ok = fread(in, 1, size, f) == size && memcmp(in, MAGIC, 4) == 0;
    fclose(f);
    unsigned char key[32];
    derive_key(key);
    EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
    int n = 0, fin = 0;
    ok = ok && EVP_DecryptInit_ex(c, EVP_aes_256_gcm(), NULL, NULL, NULL) == 1 &&
         EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_IVLEN, NONCE, NULL) == 1 &&
         EVP_DecryptInit_ex(c, NULL, NULL, key, in + 4) == 1 &&
         EVP_DecryptUpdate(c, NULL, &n, (const unsigned char *)doc_id, (int)strlen(doc_id)) == 1 &&
         EVP_DecryptUpdate(c, plain, &n, in + HEADER, (int)(size - HEADER)) == 1 &&
         EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_TAG, TAG, in + 4 + NONCE) == 1 &&
         EVP_DecryptFinal_ex(c, plain + n, &fin) == 1;
    EVP_CIPHER_CTX_free(c);
    OPENSSL_cleanse(key, sizeof key);
    free(in);
    if (!ok) {
        OPENSSL_cleanse(plain, size - HEADER);
        free(plain);
        dk_errf(err, errlen, "document %s does not authenticate (tampered or wrong key)", doc_id);
        return -1;
    }
    *bytes = plain;
    *len = (size_t)n + (size_t)fin;
    return 0;
}

int dk_docstore_remove(const char *doc_id, char *err, size_t errlen)
{
    char path[4096];
    if (path_of(doc_id, path, sizeof path, err, errlen) != 0)
        return -1;
    if (unlink(path) != 0 && errno != ENOENT) {
        dk_errf(err, errlen, "cannot remove document %s: %s", doc_id, strerror(errno));
        return -1;
    }
    return 0;
}
