/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_insz.h — the Belgian social-security identification number (INSZ/NISS):
 * a national register number or a bis number, YYMMDDSSSCC. Normalising
 * strips the usual separators; validation checks the mod-97 check digits,
 * the encoded birth date and the serial. */
#ifndef DK_INSZ_H
#define DK_INSZ_H

/* Accepts exactly 11 digits, with any number of '.', '-' or ' ' separators
 * anywhere (e.g. "85.07.30-033.28", "85 07 30 033 28 ", "85073003328") and
 * no other character. Returns 0 with the 11 digits and a NUL in out, or -1
 * (out is then an empty string). Does not check the number itself. */
int dk_insz_normalise(const char *in, char out[12]);

/* 1 when digits11 is 11 digits forming a valid INSZ, else 0:
 * - check digits CC == 97 - (SSSSSSSSS mod 97) for a birth in 19xx, or
 *   97 - ((2000000000 + SSSSSSSSS) mod 97) for a birth in 20xx;
 * - month MM is 1..12, or that plus 20 (bis, sex unknown) or plus 40 (bis,
 *   sex known); YYMMDD must be a real date in the century the check digits
 *   select;
 * - an unknown birth date, encoded as month 00 (or 20, 40), is accepted as in
 *   the register: the day is then 00..31 and not checked against a month;
 *   day 00 with a known month is rejected;
 * - serial SSS is 001..998. */
int dk_insz_valid(const char *digits11);

#endif
