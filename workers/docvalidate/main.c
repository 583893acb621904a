/* SPDX-License-Identifier: EUPL-1.2 */
/* main.c — dk-docvalidate: the sandboxed validator process of the document
 * checker. It links only what judging an image needs (libvips, libmagic,
 * jansson: no network, database or Kafka library, no secret), serves
 * requests on stdin/stdout (doccheck/dk_doc_protocol.h) and is started and
 * restarted by dk-docchecker. */
#include "validator.h"

int main(void)
{
    return dk_validator_main();
}
