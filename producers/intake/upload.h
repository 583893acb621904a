/* upload.h — the identity-document upload (accept) read as it streams in:
 * multipart/form-data through MHD's post processor, each file kept in
 * memory only up to the per-image limit, the small fields beside it. The
 * JSON body cap does not apply here; these limits do. */
#ifndef DK_INTAKE_UPLOAD_H
#define DK_INTAKE_UPLOAD_H

#include "intake.h"

struct dk_upload_s {
    int declared_too_large; /* Content-Length beyond the limit: nothing was read */
    int too_large;          /* a file part passed the per-image limit */
    int not_multipart;      /* another Content-Type: the body is skipped */
    int bad;                /* the body could not be parsed, or a field is overlong */
    int busy;               /* too many uploads in flight: nothing was read */
    char security_code[64];
    char document_kind[16];
    char csrf[128];
    dk_buf front, back; /* the images; empty = not sent */
    /* private */
    dk_intake *in;
    struct MHD_PostProcessor *pp;
    size_t max_file, max_total, seen;
    int counted;
};

/* The largest body an accept may declare: two images and 64 KiB of the rest. */
long dk_upload_body_limit(const dk_intake *in);

/* Starts reading an accept on c; checks Content-Length and Content-Type
 * first (the flags above say what was refused). Never NULL. */
dk_upload *dk_upload_begin(dk_intake *in, struct MHD_Connection *c);

/* Feeds n more bytes of the body. Returns 0, or -1 when the connection
 * should be dropped (a body far beyond what it declared). */
int dk_upload_feed(dk_upload *u, const char *data, size_t n);

/* The refusal the flags call for (400, 413, 415, 503), or 0. */
int dk_upload_refusal(const dk_upload *u);

void dk_upload_free(dk_upload *u);

#endif
