/* SPDX-License-Identifier: EUPL-1.2 */
/* test_dev_secrets.c — dk_config_check_secrets: outside development the
 * embedded development keys (and empty keys) are refused, naming every
 * variable at fault, and so are weak keys (fewer than 32 characters, or
 * fewer than 8 different ones); DK_DEVELOPMENT=1 accepts them;
 * DK_SMTP_PASSWORD, which has no embedded key, is never at fault. */
#include "core/dk_config.h"
#include "dk_test.h"

#include <stdlib.h>

static const char *keys[] = {"DK_CODE_KEY",     "DK_TOKEN_KEY",   "DK_CSRF_KEY",
                             "DK_DOCUMENT_KEY", "DK_MESSAGE_KEY", "DK_ACTIVATION_KEY"};
#define NKEYS (sizeof keys / sizeof keys[0])

static void set_all_real(void)
{
    for (size_t i = 0; i < NKEYS; i++)
        setenv(keys[i], "0123456789abcdef-a-real-key-of-32+", 1);
}

static void clear_all(void)
{
    for (size_t i = 0; i < NKEYS; i++)
        unsetenv(keys[i]);
    unsetenv("DK_DEVELOPMENT");
    unsetenv("DK_SMTP_PASSWORD");
}

static void defaults_refused_outside_development(void)
{
    char err[512];
    clear_all();
    CHECK_INT(dk_config_check_secrets(err, sizeof err), -1);
    for (size_t i = 0; i < NKEYS; i++)
        CHECK(strstr(err, keys[i]) != NULL);
    CHECK(strstr(err, "DK_DEVELOPMENT=1") != NULL);
    CHECK(strstr(err, "DK_SMTP_PASSWORD") == NULL);
    setenv("DK_DEVELOPMENT", "0", 1);
    CHECK_INT(dk_config_check_secrets(err, sizeof err), -1);
}

static void development_accepts_them(void)
{
    char err[512];
    clear_all();
    setenv("DK_DEVELOPMENT", "1", 1);
    CHECK_INT(dk_config_check_secrets(err, sizeof err), 0);
    /* Out of range is not "development": dk_config_check refuses the value
     * and the secrets check falls back to the default, 0. */
    setenv("DK_DEVELOPMENT", "2", 1);
    CHECK_INT(dk_config_check(err, sizeof err), -1);
    CHECK_INT(dk_config_check_secrets(err, sizeof err), -1);
    setenv("DK_DEVELOPMENT", "yes", 1);
    CHECK_INT(dk_config_check_secrets(err, sizeof err), -1);
}

static void one_weak_key_is_named_alone(void)
{
    char err[512];
    clear_all();
    set_all_real();
    CHECK_INT(dk_config_check_secrets(err, sizeof err), 0);
    /* The development key set explicitly is still the development key. */
    setenv("DK_TOKEN_KEY", "dev-only-insecure-secret-change-me", 1);
    CHECK_INT(dk_config_check_secrets(err, sizeof err), -1);
    CHECK(strncmp(err, "DK_TOKEN_KEY: the embedded development key", 42) == 0);
    CHECK(strstr(err, "DK_CODE_KEY") == NULL);
    /* An empty key is no key. */
    set_all_real();
    setenv("DK_CSRF_KEY", "", 1);
    CHECK_INT(dk_config_check_secrets(err, sizeof err), -1);
    CHECK(strstr(err, "DK_CSRF_KEY") != NULL);
    CHECK(strstr(err, "DK_DOCUMENT_KEY") == NULL);
    set_all_real();
    setenv("DK_SMTP_PASSWORD", "", 1);
    CHECK_INT(dk_config_check_secrets(err, sizeof err), 0);
}

static void weak_keys_are_named(void)
{
    char err[1024];
    clear_all();
    set_all_real();
    /* One character, then 31: too short. */
    setenv("DK_CSRF_KEY", "k", 1);
    CHECK_INT(dk_config_check_secrets(err, sizeof err), -1);
    CHECK(strncmp(err, "DK_CSRF_KEY: too weak", 21) == 0);
    CHECK(strstr(err, "32 characters") != NULL);
    CHECK(strstr(err, "DK_CODE_KEY") == NULL);
    CHECK(strstr(err, "development key") == NULL);
    setenv("DK_CSRF_KEY", "0123456789abcdef0123456789abcde", 1); /* 31 */
    CHECK_INT(dk_config_check_secrets(err, sizeof err), -1);
    setenv("DK_CSRF_KEY", "0123456789abcdef0123456789abcdef", 1); /* 32 */
    CHECK_INT(dk_config_check_secrets(err, sizeof err), 0);
    /* Long, but one or two characters over and over. */
    setenv("DK_CSRF_KEY", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 1);
    CHECK_INT(dk_config_check_secrets(err, sizeof err), -1);
    setenv("DK_CSRF_KEY", "abababababababababababababababababababab", 1);
    CHECK_INT(dk_config_check_secrets(err, sizeof err), -1);
    setenv("DK_CSRF_KEY", "abcdefgabcdefgabcdefgabcdefgabcdefg", 1); /* 7 different */
    CHECK_INT(dk_config_check_secrets(err, sizeof err), -1);
    /* What infra/containers/secrets.sh writes: 64 hex digits. */
    setenv("DK_CSRF_KEY", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", 1);
    CHECK_INT(dk_config_check_secrets(err, sizeof err), 0);
    /* A development key and a weak one: both named, the development one first. */
    set_all_real();
    unsetenv("DK_TOKEN_KEY");
    setenv("DK_MESSAGE_KEY", "short", 1);
    CHECK_INT(dk_config_check_secrets(err, sizeof err), -1);
    CHECK(strncmp(err, "DK_TOKEN_KEY: the embedded development key", 42) == 0);
    CHECK(strstr(err, "; DK_MESSAGE_KEY: too weak") != NULL);
    /* Development accepts a weak key as it accepts the embedded one. */
    setenv("DK_DEVELOPMENT", "1", 1);
    CHECK_INT(dk_config_check_secrets(err, sizeof err), 0);
}

static void small_buffer_stays_terminated(void)
{
    char err[16];
    clear_all();
    memset(err, 'x', sizeof err);
    CHECK_INT(dk_config_check_secrets(err, sizeof err), -1);
    CHECK(memchr(err, '\0', sizeof err) != NULL);
    CHECK(strncmp(err, "DK_CODE_KEY", 11) == 0);
}

int main(void)
{
    defaults_refused_outside_development();
    development_accepts_them();
    one_weak_key_is_named_alone();
    weak_keys_are_named();
    small_buffer_stays_terminated();
    clear_all();
    DK_TEST_DONE();
}
