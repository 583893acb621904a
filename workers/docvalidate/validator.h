/* SPDX-License-Identifier: EUPL-1.2 */
/* validator.h — the validator process (dk-docvalidate) as main() calls it;
 * what it reads and writes is in doccheck/dk_doc_protocol.h. */
#ifndef DK_VALIDATOR_H
#define DK_VALIDATOR_H

/* Serves requests on stdin/stdout until EOF. */
int dk_validator_main(void);

#endif
