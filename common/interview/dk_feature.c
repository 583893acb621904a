/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_feature.c — the security-feature tables of each document kind and the
 * random draw (see dk_feature.h). The tables follow the public descriptions
 * of the documents (the Council's PRADO register, the FPS Interior and the
 * FPS Foreign Affairs): the Belgian identity card issued since 2020 (with a
 * Diffractive Identification Device, a changeable laser image, a
 * laser-perforated second photo, a tactile laser engraving, UV print in
 * blue, green and yellow) and the Belgian passport issued since February
 * 2022 (a polycarbonate data page with a laser-perforated photo, the
 * document number in optically variable ink, comic-strip visa pages). */
#include "interview/dk_feature.h"

#include "core/dk_crypto.h"

#include <string.h>

static const dk_feature be_id_card[] = {
    {"diffractive_device", 1},     /* DID: colours change as the card tilts */
    {"changeable_laser_image", 1}, /* CLI/MLI: another image at another angle */
    {"laser_photo", 0},            /* black-and-white photo engraved in the card */
    {"perforated_photo", 0},       /* laser-perforated photo on the back, against the light */
    {"ghost_image", 0},            /* a smaller second photo */
    {"tactile_relief", 0},         /* laser engraving that can be felt */
    {"uv_print", 0},               /* blue, green and yellow under UV light */
    {"microtext", 0},              /* lines of tiny text in the background */
    {"guilloche", 0},              /* fine interlaced lines, rainbow printing */
};

static const dk_feature be_passport[] = {
    {"diffractive_device", 1},     /* on the polycarbonate data page */
    {"optically_variable_ink", 1}, /* the document number changes colour */
    {"changeable_laser_image", 1}, /* on the data page */
    {"laser_photo", 0},
    {"perforated_photo", 0}, /* the photo made of perforations, against the light */
    {"tactile_relief", 0},
    {"uv_print", 0},      /* pages and hinge fluoresce */
    {"microtext", 0},     /* the number in microprint along the data page */
    {"watermark", 0},     /* in the visa pages, against the light */
    {"comic_artwork", 0}, /* comic-strip heroes on the visa pages */
};

static const dk_feature foreign[] = {
    {"diffractive_device", 1}, /* hologram or kinegram */
    {"optically_variable_ink", 1},
    {"changeable_laser_image", 1},
    {"laser_photo", 0},
    {"ghost_image", 0},
    {"tactile_relief", 0},
    {"uv_print", 0},
    {"microtext", 0},
    {"guilloche", 0},
    {"watermark", 0},
};

static const struct {
    const char *kind;
    const dk_feature *table;
    size_t n;
} kinds[DK_FEATURE_KINDS] = {
    {"be_id_card", be_id_card, sizeof be_id_card / sizeof *be_id_card},
    {"be_passport", be_passport, sizeof be_passport / sizeof *be_passport},
    {"foreign", foreign, sizeof foreign / sizeof *foreign},
};

const char *dk_feature_kind(size_t i)
{
    return i < DK_FEATURE_KINDS ? kinds[i].kind : NULL;
}

int dk_feature_kind_known(const char *kind)
{
    return dk_feature_table(kind, NULL) != NULL;
}

const dk_feature *dk_feature_table(const char *kind, size_t *n)
{
    for (size_t i = 0; kind && i < DK_FEATURE_KINDS; i++)
        if (strcmp(kinds[i].kind, kind) == 0) {
            if (n)
                *n = kinds[i].n;
            return kinds[i].table;
        }
    return NULL;
}

const dk_feature *dk_feature_find(const char *kind, const char *key)
{
    size_t n = 0;
    const dk_feature *t = dk_feature_table(kind, &n);
    for (size_t i = 0; t && key && i < n; i++)
        if (strcmp(t[i].key, key) == 0)
            return &t[i];
    return NULL;
}

/* A uniform number in 0..n-1 (1 <= n <= 256) from the CSPRNG, by rejection
 * of the bytes past the last whole multiple of n. Returns -1 when the
 * CSPRNG failed. */
static int uniform(unsigned n)
{
    unsigned limit = 256 - 256 % n;
    for (int tries = 0; tries < 64; tries++) {
        unsigned char b;
        if (dk_random_bytes(&b, 1) != 0)
            return -1;
        if (b < limit)
            return (int)(b % n);
    }
    return -1; /* 64 rejections in a row: the generator is broken */
}

/* Shuffles p[0..n-1] (Fisher-Yates). Returns 0/-1. */
static int shuffle(const dk_feature **p, size_t n)
{
    for (size_t i = n; i > 1; i--) {
        int j = uniform((unsigned)i);
        if (j < 0)
            return -1;
        const dk_feature *t = p[i - 1];
        p[i - 1] = p[j];
        p[j] = t;
    }
    return 0;
}

int dk_feature_draw(const char *kind, const dk_feature *out[DK_FEATURE_DRAWN])
{
    size_t n = 0;
    const dk_feature *t = dk_feature_table(kind, &n);
    if (!t)
        return -1;
    /* The optically variable ones and the others, each shuffled: the first
     * DK_FEATURE_MIN_OPTICAL of the former, then the rest of both shuffled
     * together, so an optically variable one may fill the other places too. */
    const dk_feature *ov[16], *rest[32];
    size_t nov = 0, nrest = 0;
    for (size_t i = 0; i < n; i++)
        if (t[i].optically_variable)
            ov[nov++] = &t[i];
    if (shuffle(ov, nov) != 0)
        return -1;
    size_t want = n < DK_FEATURE_DRAWN ? n : DK_FEATURE_DRAWN, got = 0;
    for (; got < DK_FEATURE_MIN_OPTICAL && got < nov; got++)
        out[got] = ov[got];
    for (size_t i = got; i < nov; i++)
        rest[nrest++] = ov[i];
    for (size_t i = 0; i < n; i++)
        if (!t[i].optically_variable)
            rest[nrest++] = &t[i];
    if (shuffle(rest, nrest) != 0)
        return -1;
    for (size_t i = 0; got < want && i < nrest; i++)
        out[got++] = rest[i];
    if (shuffle(out, got) != 0)
        return -1;
    return (int)got;
}
