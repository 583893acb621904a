/* SPDX-License-Identifier: EUPL-1.2 */
/* main.c — dk-docchecker: the worker that judges uploaded identity-document
 * images (see checker.c); the decoding happens in dk-docvalidate processes
 * beside this binary (see sandbox.h). */
#include "checker.h"
#include "dk_consumer.h"
#include "sandbox.h"
#include "store/dk_topics.h"

#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void)
{
    /* The validator lives beside us: build/bin/dk-docvalidate. */
    char self[PATH_MAX] = "", exe[PATH_MAX + 32];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    self[n > 0 ? n : 0] = '\0';
    snprintf(exe, sizeof exe, "%s/dk-docvalidate", dirname(self));
    static const char *const topics[] = {DK_TOPIC_DOCS_UPLOADED, NULL};
    static const char *const types[] = {"document.uploaded", NULL};
    dk_checker checker = {.sandbox = dk_sandbox_new(exe)};
    dk_register_config_load(&checker.register_config);
    dk_worker_def def = {
        .service = "docchecker",
        .group = "dk-docchecker",
        .topics = topics,
        .types = types,
        .handle = dk_checker_handle,
        .arg = &checker,
        .prepare = dk_checker_prepare,
        .free_prepared = dk_checker_free_verdict,
    };
    int rc = dk_worker_run(&def);
    dk_sandbox_free(checker.sandbox);
    return rc;
}
