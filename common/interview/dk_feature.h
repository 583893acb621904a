/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_feature.h — the security features an interviewer checks on the
 * document the applicant holds up to the camera. Each document kind has a
 * table of its real features, each marked optically variable (it changes
 * with the angle of light or view: a diffractive device, a changing laser
 * image, colour-shifting ink) or not. For each interview a few of them are
 * drawn at random with the CSPRNG, at least DK_FEATURE_MIN_DRAWN of which at
 * least DK_FEATURE_MIN_OPTICAL optically variable, so that nobody can
 * prepare a forgery for a fixed list (ETSI TS 119 461; the German video
 * identification rules). Each feature's name, with what to look for, is the
 * catalogue key feature.<key>. */
#ifndef DK_FEATURE_H
#define DK_FEATURE_H

#include <stddef.h>

#define DK_FEATURE_MIN_DRAWN 3
#define DK_FEATURE_MIN_OPTICAL 2
#define DK_FEATURE_DRAWN 4 /* how many one draw holds */
#define DK_FEATURE_KEY_MAX 40

typedef struct {
    const char *key;        /* "changeable_laser_image"; catalogue feature.<key> */
    int optically_variable; /* 1 = changes with the angle: must be seen moving */
} dk_feature;

/* The document kinds: "be_id_card" (Belgian identity card, 2020 model),
 * "be_passport" (Belgian passport, 2022 model), "foreign" (any other
 * passport or identity card: the features ICAO 9303 and the EU minimum
 * standards make common). */
#define DK_FEATURE_KINDS 3
const char *dk_feature_kind(size_t i);
int dk_feature_kind_known(const char *kind);

/* The table of a kind (n features), or NULL for an unknown kind. */
const dk_feature *dk_feature_table(const char *kind, size_t *n);

/* The feature key of a kind, or NULL when the kind does not have it. */
const dk_feature *dk_feature_find(const char *kind, const char *key);

/* Draws DK_FEATURE_DRAWN different features of kind (fewer when the table
 * is smaller, never fewer than DK_FEATURE_MIN_DRAWN), at least
 * DK_FEATURE_MIN_OPTICAL of them optically variable, in random order, with
 * OpenSSL's CSPRNG. out receives pointers into the table. Returns the number
 * drawn, or -1 for an unknown kind or when the CSPRNG failed. */
int dk_feature_draw(const char *kind, const dk_feature *out[DK_FEATURE_DRAWN]);

#endif
