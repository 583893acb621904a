/* main.c — dk-docchecker: the worker that judges uploaded identity-document
 * images (see checker.c); with --validator it is the sandboxed process that
 * does the decoding (see validator.c). */
#include "checker.h"
#include "dk_consumer.h"
#include "dk_topics.h"
#include "sandbox.h"

#include <string.h>

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "--validator") == 0)
        return dk_validator_main();
    static const char *const topics[] = {DK_TOPIC_DOCS_UPLOADED, NULL};
    static const char *const types[] = {"document.uploaded", NULL};
    dk_checker checker = {.sandbox = dk_sandbox_new("/proc/self/exe")};
    dk_worker_def def = {
        .service = "docchecker",
        .group = "dk-docchecker",
        .topics = topics,
        .types = types,
        .handle = dk_checker_handle,
        .arg = &checker,
    };
    int rc = dk_worker_run(&def);
    dk_sandbox_free(checker.sandbox);
    return rc;
}
