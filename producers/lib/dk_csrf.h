/* dk_csrf.h — signed double-submit CSRF tokens for the HTML forms. */
#ifndef DK_CSRF_H
#define DK_CSRF_H

/* A fresh token (97 characters + NUL) signed under key. */
void dk_csrf_issue(const char *key, char out[128]);

/* 1 when cookie and field are the same token and its signature is valid. */
int dk_csrf_valid(const char *key, const char *cookie, const char *field);

#endif
