/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_test_python.h — a unit test's way to have a real parser judge what our
 * C code wrote (Python's email module, icalendar): the bytes go to a temporary
 * file, Debian's /usr/bin/python3 runs `script` with that path and args, and
 * its exit status is the verdict (0 = every assertion held). */
#ifndef DK_TEST_PYTHON_H
#define DK_TEST_PYTHON_H

#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static int dk_test_python(const char *script, const void *data, size_t len, const char *const *args)
{
    char path[] = "/tmp/dk-test-py-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0 || write(fd, data, len) != (ssize_t)len) {
        perror("mkstemp/write");
        if (fd >= 0) {
            close(fd);
            unlink(path);
        }
        return -1;
    }
    close(fd);
    const char *argv[32] = {"/usr/bin/python3", "-c", script, path};
    int n = 4;
    for (int i = 0; args[i] && n < 31; i++)
        argv[n++] = args[i];
    argv[n] = NULL;
    pid_t pid = fork();
    if (pid == 0) {
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    int st = -1;
    if (pid > 0)
        waitpid(pid, &st, 0);
    unlink(path);
    return pid > 0 && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

#endif
