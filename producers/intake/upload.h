/* SPDX-License-Identifier: EUPL-1.2 */
/* upload.h — the identity-document upload (accept, and the new photo the
 * interviewer asks for) read as it streams in:
 * multipart/form-data through MHD's post processor, each file kept in
 * memory only up to the per-image limit, the small fields beside it. The
 * JSON body cap does not apply here; these limits do. Nothing costly is
 * taken before the link (and, for the API, a code sent in the header) was
 * checked: the memory slot, the client network's upload slot and the
 * request's one (one upload at a time per request, whichever of its links
 * or routes) are taken by dk_upload_start, after that check. A body that
 * arrives too slowly is cut by the server (common/web) with the 408 worded
 * here. */
#ifndef DK_INTAKE_UPLOAD_H
#define DK_INTAKE_UPLOAD_H

#include "core/dk_net.h"
#include "intake.h"
#include "part_headers.h"

struct dk_upload_s {
    int declared_too_large; /* Content-Length beyond the limit: nothing was read */
    int too_large;          /* a file part passed the per-image limit */
    int not_multipart;      /* another Content-Type: the body is skipped */
    int bad;                /* the body could not be parsed, or a field is overlong */
    int nameless;           /* a part had no usable name (a kind of bad) */
    int busy;               /* too many uploads in flight: nothing was read */
    int addr_busy;          /* this client network has its uploads in flight already */
    int link_busy;          /* this request has an upload in flight already */
    int prechecking;        /* the handlers only check the link, nothing is read yet */
    int too_slow;           /* the handlers word the 408 of a body too slow (kept for later) */
    char link[40];          /* set by the precheck: the application its upload counts for */
    char lang[4];           /* set by the precheck: the applicant's language, or "" */
    char security_code[64];
    char document_kind[16];
    char csrf[128];
    char request_id[40]; /* a photo's: the interviewer's request it answers */
    dk_buf front, back;  /* the images; empty = not sent */
    /* private */
    dk_intake *in;
    struct MHD_PostProcessor *pp;
    dk_part_headers headers; /* a NUL in a part's headers */
    size_t max_file, max_total, seen;
    int counted;
    int link_held;         /* the request's upload slot is held */
    char addr[DK_NET_KEY]; /* the client network's key, set when its slot is held */
};

/* The largest body an accept may declare: two images and 64 KiB of the rest. */
long dk_upload_body_limit(const dk_intake *in);

/* Looks at an accept on c before reading its body: Content-Length and
 * Content-Type (the flags above say what was refused). NULL without memory. */
dk_upload *dk_upload_new(dk_intake *in, struct MHD_Connection *c);

/* Once the link was checked: takes the upload slot of addr's client
 * network (dk_net_key: an IPv4 address, an IPv6 /64; else addr_busy), the
 * one of the request named in link (else link_busy) and one of the
 * in-memory upload slots (else busy), and starts the parser. Returns 0, or
 * -1 with the flag set. */
int dk_upload_start(dk_upload *u, struct MHD_Connection *c, const char *addr);

/* Feeds n more bytes of the body. Returns 0, or -1 when the body passed
 * what any accept may carry (the caller answers 413 and stops reading). */
int dk_upload_feed(dk_upload *u, const char *data, size_t n);

/* The post processor's callback (cls: the upload): the front and back
 * images kept up to the per-image limit, the small fields whole. */
enum MHD_Result dk_upload_part(void *cls, enum MHD_ValueKind kind, const char *key,
                               const char *filename, const char *content_type,
                               const char *transfer_encoding, const char *data, uint64_t off,
                               size_t size);

/* The body has ended: closes the parser; a body cut inside a part is bad. */
void dk_upload_finish(dk_upload *u);

/* The refusal the flags call for (400, 408, 409, 413, 415, 429, 503), or 0. */
int dk_upload_refusal(const dk_upload *u);

void dk_upload_free(dk_upload *u);

#endif
