/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_activation.h — the activation code and link of an approved
 * application. The code goes by voice (the interviewer reads it aloud, shown
 * once on the console), the link by e-mail: never both on one channel. The
 * code is DK_ACTIVATION_SYMBOLS symbols of the security code's alphabet
 * (dk_security_code_alphabet: no 0/O, 1/I/L), drawn with the CSPRNG and
 * grouped by four for reading ("7KQ2-MX9R-TPAB"); only its keyed hash under
 * DK_ACTIVATION_KEY, bound to the activation's id, is stored. The link's
 * token is derived from the id under DK_TOKEN_KEY like the proposal link's
 * (dk_token_activation), so it is never stored either: only its keyed hash, for
 * the lookup. */
#ifndef DK_ACTIVATION_H
#define DK_ACTIVATION_H

#include "store/dk_token.h"

#include <stddef.h>

#define DK_ACTIVATION_SYMBOLS 12  /* log2(31^12) ≈ 59 bits, with a lockout on tries */
#define DK_ACTIVATION_CODE_LEN 14 /* three groups of four and two dashes */

/* A new code (CSPRNG, every symbol equally likely). Returns 0, or -1 when
 * the CSPRNG failed (nothing usable in out). */
int dk_activation_code_new(char out[DK_ACTIVATION_CODE_LEN + 1]);

/* A typed code in canonical form (case folded, spaces and dashes dropped,
 * regrouped). Returns 0, or -1 when it cannot be a code. */
int dk_activation_code_normalise(const char *in, char out[DK_ACTIVATION_CODE_LEN + 1]);

/* The stored keyed hash of a (canonical) code for activation id:
 * HMAC(DK_ACTIVATION_KEY, "activation-code:<id>:<code>"), hex. */
void dk_activation_code_hash(const char *activation_id, const char *code, char out[65]);

/* The keyed hash stored for the link token of activation id (the token and
 * the link themselves: store/dk_token.h, dk_token_activation and
 * dk_token_activation_url, which the mailer uses). */
void dk_activation_token_hash(const char *activation_id, char out[65]);

#endif
