/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_i18n.h — the words applicants read, in every language of the message
 * catalogue (po/: digital-key.pot and one <lang>.po per language, turned into
 * tables at build time by infra/gen_i18n.c, which refuses a language that
 * lacks a key or whose printf conversions or {{tags}} differ from English).
 * Pages, validation messages, document reasons, dates and e-mails all look
 * their words up here. */
#ifndef DK_I18N_H
#define DK_I18N_H

#include "core/dk_buf.h"
#include "i18n/dk_i18n_formats.h"

#include <stddef.h>

/* The service's first language: what a page shows when none is asked for. */
#define DK_I18N_DEFAULT_LANG "nl"

/* The catalogue's languages: "en" then one per po/<lang>.po, i < count. */
size_t dk_i18n_lang_count(void);
const char *dk_i18n_lang(size_t i);

/* 1 when lang is one of the catalogue's languages (exact code), else 0. */
int dk_i18n_lang_known(const char *lang);

/* lang when it is one of ours, else DK_I18N_DEFAULT_LANG. */
const char *dk_i18n_lang_or_default(const char *lang);

/* The text for key in lang; English for a language we do not have (NULL
 * included). Never NULL: an unknown key gives the key itself (the unit tests
 * check that every key the code uses is in the catalogue). */
const char *dk_i18n_text(const char *lang, const char *key);

/* 1 when key is in the catalogue. */
int dk_i18n_has(const char *key);

/* The catalogue's keys, sorted, i < dk_i18n_key_count() (for tests). */
size_t dk_i18n_key_count(void);
const char *dk_i18n_key(size_t i);

/* The text of a "#, c-format" key as a printf format. english is that key's
 * English text (DK_I18N_FMT_<key>): the compiler checks the arguments against
 * it, and the build checked that every language has the same conversions. */
const char *dk_i18n_format(const char *lang, const char *key, const char *english)
    __attribute__((format_arg(3)));

/* Appends the text of a "#, c-format" key with its arguments filled in.
 * Returns 0, or -1 when out of memory. Called through DK_I18N_APPENDF. */
int dk_i18n_appendf(dk_buf *b, const char *lang, const char *key, const char *english, ...)
    __attribute__((format(printf, 4, 5)));

/* DK_I18N_FORMAT(lang, size_megabytes): the format for snprintf and the
 * like, key written as for DK_I18N_APPENDF. */
#define DK_I18N_FORMAT(lang, key) dk_i18n_format((lang), DK_I18N_KEY_##key, DK_I18N_FMT_##key)

/* DK_I18N_APPENDF(b, lang, slot_n, row): key is written as an identifier, its
 * dots as '_' (date.clock -> date_clock), so that an unknown or non-format
 * key does not compile and the arguments are checked against the English. */
#define DK_I18N_APPENDF(b, lang, key, ...)                                                         \
    dk_i18n_appendf((b), (lang), DK_I18N_KEY_##key, DK_I18N_FMT_##key, __VA_ARGS__)

/* A size in words for the applicant, in megabytes of 2^20 bytes as phones
 * show them: "10 MB", "12,5 Mo" (the catalogue's unit and decimal comma;
 * one decimal, truncated, only when it is not whole); under one megabyte in
 * kilobytes ("64 kB", "64 ko"). */
void dk_i18n_size_words(size_t bytes, const char *lang, char *out, size_t n);

#endif
