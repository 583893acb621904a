/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_config.c — the configuration table and its readers. Adding a setting is
 * adding a row here; `dk config` and the README table follow from it. */
#include "core/dk_config.h"

#include "core/dk_clock.h"

#include "core/dk_log.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEV_SECRET "dev-only-insecure-secret-change-me"

const dk_cfg_entry dk_cfg_table[] = {
    /* time and locations */
    {"DK_NOW", DK_CFG_STR, "", 0, 0, "all",
     "test clock: ISO-8601 instant the clock starts at (unset = real time)"},
    {"DK_VAR_DIR", DK_CFG_STR, "var", 0, 0, "make up/run",
     "where the embedded stack keeps its data, logs and stack.env"},
    {"DK_RECORDER_REPLICAS", DK_CFG_INT, "2", 1, 99, "make up/run",
     "dk-recorder processes the embedded stack runs (one consumer group)"},
    {"DK_MAILER_REPLICAS", DK_CFG_INT, "2", 1, 99, "make up/run",
     "dk-mailer processes the embedded stack runs (one consumer group)"},
    {"DK_SCHEDULER_REPLICAS", DK_CFG_INT, "2", 1, 99, "make up/run",
     "dk-scheduler processes started by make up/run (one consumer group)"},
    {"DK_DOCCHECKER_REPLICAS", DK_CFG_INT, "2", 1, 99, "make up/run",
     "dk-docchecker processes the embedded stack runs (one consumer group)"},
    {"DK_TIMERS_REPLICAS", DK_CFG_INT, "2", 1, 99, "make up/run",
     "dk-timers processes the embedded stack runs (they share the due timers)"},
    /* Kafka */
    {"DK_KAFKA_BROKERS", DK_CFG_STR, "127.0.0.1:9092", 0, 0, "all",
     "Kafka bootstrap servers (the embedded broker writes its own into stack.env)"},
    {"DK_KAFKA_CONFIG", DK_CFG_STR, "", 0, 0, "all",
     "extra librdkafka properties, k=v;k=v (e.g. "
     "security.protocol=SASL_SSL;sasl.mechanisms=PLAIN)"},
    {"DK_KAFKA_SESSION_TIMEOUT_MS", DK_CFG_INT, "6000", 1000, 300000, "workers",
     "consumer-group session timeout"},
    /* PostgreSQL */
    {"DK_PG_DSN", DK_CFG_STR, "host=127.0.0.1 port=5432 dbname=dk user=dk", 0, 0, "all",
     "libpq connection string"},
    /* SMTP and mail */
    {"DK_SMTP_URL", DK_CFG_STR, "smtp://127.0.0.1:2525", 0, 0, "dk-mailer",
     "SMTP relay URL (smtp://, smtps://)"},
    {"DK_SMTP_USER", DK_CFG_STR, "", 0, 0, "dk-mailer", "SMTP user name (empty = no AUTH)"},
    {"DK_SMTP_PASSWORD", DK_CFG_SECRET, "", 0, 0, "dk-mailer", "SMTP password"},
    {"DK_SMTP_REQUIRE_TLS", DK_CFG_INT, "0", 0, 1, "dk-mailer",
     "1 = refuse to send without TLS (STARTTLS or smtps)"},
    {"DK_SMTP_TIMEOUT_MS", DK_CFG_INT, "15000", 1000, 300000, "dk-mailer",
     "bound on one SMTP transaction"},
    {"DK_MAIL_FROM", DK_CFG_STR, "no-reply@digitalkey.localhost", 0, 0, "dk-mailer",
     "sender address of applicant e-mails"},
    {"DK_MAIL_FROM_NAME", DK_CFG_STR, "Mijn digitale sleutels", 0, 0, "dk-mailer",
     "sender display name"},
    {"DK_MAIL_RETRY_BACKOFF_MS", DK_CFG_INT, "1000", 10, 600000, "dk-mailer",
     "first wait before a mail the relay could not take (down, 4xx) is tried again; doubles "
     "each time, without limit in time"},
    {"DK_MAIL_RETRY_BACKOFF_MAX_MS", DK_CFG_INT, "60000", 100, 3600000, "dk-mailer",
     "longest wait between two tries of a mail the relay could not take"},
    {"DK_MAIL_MAX_PER_RECIPIENT_DAY", DK_CFG_INT, "10", 1, 1000, "dk-mailer",
     "mails sent to one mailbox (lower case, +tag ignored) in any 24 hours; more are recorded "
     "as suppressed, not sent"},
    {"DK_DEV_MAILDIR", DK_CFG_STR, "var/maildir", 0, 0, "embedded SMTP server",
     "Maildir where the development SMTP server stores every message"},
    /* intake */
    {"DK_INTAKE_HOST", DK_CFG_STR, "127.0.0.1", 0, 0, "dk-intake", "address the intake listens on"},
    {"DK_INTAKE_PORT", DK_CFG_INT, "8080", 0, 65535, "dk-intake",
     "port the intake listens on (0 = any free port)"},
    {"DK_INTAKE_MAX_CONNECTIONS", DK_CFG_INT, "10000", 10, 100000, "dk-intake",
     "simultaneous HTTP connections (an event loop serves them); more wait in the listen backlog"},
    {"DK_INTAKE_MAX_PER_ADDRESS", DK_CFG_INT, "128", 0, 100000, "dk-intake",
     "connections one client address may hold at once (0 = no limit; none behind a trusted "
     "proxy)"},
    {"DK_INTAKE_THREADS", DK_CFG_INT, "64", 1, 256, "dk-intake",
     "threads that run request handlers, each may wait on the broker's ack (the event loop only "
     "reads and writes)"},
    {"DK_INTAKE_HEADER_TIMEOUT_MS", DK_CFG_INT, "10000", 1000, 300000, "dk-intake",
     "time a request's headers (and a small body) may take to arrive, whatever the pace"},
    {"DK_INTAKE_BODY_TIMEOUT_MS", DK_CFG_INT, "300000", 5000, 3600000, "dk-intake",
     "time a document upload's body may take to arrive"},
    {"DK_INTAKE_UPLOADS_PER_ADDRESS", DK_CFG_INT, "2", 1, 100, "dk-intake",
     "document uploads one client network (IPv4 address, IPv6 /64) may have in flight at once; "
     "one link has at most one"},
    {"DK_INTAKE_MIN_UPLOAD_BYTES_PER_S", DK_CFG_INT, "2048", 0, 10485760, "dk-intake",
     "slowest average pace of a document upload's body once DK_INTAKE_UPLOAD_GRACE_MS have "
     "passed: a slower one is cut with 408 and its slot freed (0 = no bound)"},
    {"DK_INTAKE_UPLOAD_GRACE_MS", DK_CFG_INT, "10000", 1000, 300000, "dk-intake",
     "time an upload's body may take before DK_INTAKE_MIN_UPLOAD_BYTES_PER_S applies"},
    {"DK_INTAKE_DRAIN_MS", DK_CFG_INT, "10000", 0, 120000, "dk-intake",
     "on SIGTERM, time to answer the requests already received before stopping"},
    {"DK_INTAKE_RATE_LIMIT", DK_CFG_INT, "60", 0, 1000000, "dk-intake",
     "submissions per client network (IPv4 address, IPv6 /64) per minute (0 = unlimited)"},
    {"DK_INTAKE_TRUST_PROXY", DK_CFG_INT, "0", 0, 1, "dk-intake, dk-console, dk-dashboard",
     "1 = the client address is the X-Forwarded-For entry our proxy appended (the right-most "
     "when DK_INTAKE_TRUSTED_HOPS is 1; not an address: the proxy's). Only behind a proxy that "
     "appends the address of the client it got the connection from (nginx "
     "$proxy_add_x_forwarded_for, HAProxy option forwardfor), with the service reachable "
     "through it alone: else every client may name its own address"},
    {"DK_INTAKE_TRUSTED_HOPS", DK_CFG_INT, "1", 1, 10, "dk-intake, dk-console, dk-dashboard",
     "with DK_INTAKE_TRUST_PROXY=1: the appending proxies in front of the service (a CDN "
     "before the TLS proxy is 2); the client address is this many entries from the right"},
    {"DK_INTAKE_ACK_TIMEOUT_MS", DK_CFG_INT, "5000", 100, 120000, "dk-intake",
     "how long a submission waits for the broker's acknowledgement before 503"},
    {"DK_INTAKE_MAX_BODY", DK_CFG_INT, "65536", 1024, 1048576, "dk-intake",
     "largest accepted request body in bytes (413 beyond)"},
    {"DK_INTAKE_URL", DK_CFG_STR, "", 0, 0, "workers, dk",
     "the intake's own URL, written by the embedded stack into stack.env; the links in mails "
     "use it when DK_PUBLIC_URL is empty"},
    {"DK_PUBLIC_URL", DK_CFG_STR, "", 0, 0, "dk-intake, workers",
     "public base URL of the applicant pages (empty = the intake's own URL); a browser POST "
     "from another origin is refused; https: Secure __Host- cookies and HSTS"},
    {"DK_SUPPORT_URL", DK_CFG_STR, "https://bosa.service-now.com/csp", 0, 0, "workers, dk-console",
     "the help desk the interview outcome mails point to (empty = none); an http(s) URL"},
    {"DK_OFFICE_HOURS", DK_CFG_STR, "09:00-17:00", 0, 0, "dk-intake",
     "office hours for interview slots, Europe/Brussels"},
    {"DK_SLOT_MINUTES", DK_CFG_INT, "30", 5, 240, "dk-intake, scheduler",
     "length of one interview slot (a preferred window must hold one)"},
    {"DK_MOTIVATION_MAX", DK_CFG_INT, "1000", 50, 10000, "dk-intake",
     "longest motivation in characters"},
    {"DK_UPLOAD_MAX", DK_CFG_INT, "10485760", 65536, 52428800, "dk-intake, dk-docchecker, dk",
     "largest identity-document image in bytes (413 beyond); the document store keeps, and the "
     "document check accepts, the same"},
    {"DK_PROPOSAL_MAX_TRIES", DK_CFG_INT, "5", 1, 100, "dk-intake",
     "wrong security codes on a link before it is locked"},
    {"DK_PROPOSAL_LOCK_MINUTES", DK_CFG_INT, "15", 1, 1440, "dk-intake",
     "how long a link stays locked after too many wrong codes"},
    {"DK_INTAKE_PG_POOL", DK_CFG_INT, "4", 1, 64, "dk-intake",
     "PostgreSQL connections of the self-service pages"},
    /* interviewer console and interview (issue 10) */
    {"DK_CONSOLE_HOST", DK_CFG_STR, "127.0.0.1", 0, 0, "dk-console",
     "address the interviewer console listens on"},
    {"DK_CONSOLE_PORT", DK_CFG_INT, "8081", 0, 65535, "dk-console",
     "port the interviewer console listens on (0 = any free port)"},
    {"DK_CONSOLE_URL", DK_CFG_STR, "", 0, 0, "dk-console, dk",
     "base URL of the interviewer console (written by the embedded stack into stack.env; empty "
     "= http://DK_CONSOLE_HOST:DK_CONSOLE_PORT); staff enrolment links use it"},
    {"DK_STAFF_ENROL_HOURS", DK_CFG_INT, "72", 1, 720, "dk",
     "hours a staff member's one-time enrolment link stays valid"},
    {"DK_ACTIVATION_DAYS", DK_CFG_INT, "14", 1, 90, "dk-console",
     "days an activation code (and its link) stays valid after the approval"},
    {"DK_STAFF_MAX_TRIES", DK_CFG_INT, "10", 1, 100, "dk-console",
     "wrong sign-in attempts in a row (password or code) that lock a staff account"},
    /* activation and the digital key (issue 12) */
    {"DK_ACTIVATION_MAX_TRIES", DK_CFG_INT, "5", 1, 100, "dk-intake",
     "wrong activation (or confirmation) codes before the activation link locks for good"},
    {"DK_KEY_THROTTLE_AFTER", DK_CFG_INT, "5", 1, 100, "dk-intake",
     "failed sign-ins in a row after which a key is throttled (2^(n - this) s, at most 15 min)"},
    {"DK_KEY_MAX_FAILURES", DK_CFG_INT, "100", 1, 100, "dk-intake",
     "failed sign-ins in a row that lock a key until the help desk acts (NIST: at most 100)"},
    {"DK_KEY_RATE_LIMIT", DK_CFG_INT, "30", 0, 1000000, "dk-intake",
     "sign-in and activation attempts per client network (IPv4 address, IPv6 /64) per minute "
     "(0 = unlimited)"},
    {"DK_WEBAUTHN_RP_ID", DK_CFG_STR, "", 0, 0, "dk-intake",
     "the passkeys' relying party id (empty = the host of DK_PUBLIC_URL, else of the intake)"},
    {"DK_KEY_ISSUER", DK_CFG_STR, "CSAM", 0, 0, "dk-intake",
     "the issuer authenticator apps show above an applicant's code (otpauth URI)"},
    {"DK_CONSOLE_MAX_BODY", DK_CFG_INT, "65536", 1024, 1048576, "dk-console",
     "largest request body the console takes, in bytes"},
    {"DK_CONSOLE_PG_POOL", DK_CFG_INT, "8", 1, 64, "dk-console",
     "PostgreSQL connections of the interviewer console"},
    /* operations dashboard (issue 14) */
    {"DK_DASHBOARD_HOST", DK_CFG_STR, "127.0.0.1", 0, 0, "dk-dashboard",
     "address the operations dashboard listens on"},
    {"DK_DASHBOARD_PORT", DK_CFG_INT, "8083", 0, 65535, "dk-dashboard",
     "port the operations dashboard listens on (0 = any free port)"},
    {"DK_DASHBOARD_URL", DK_CFG_STR, "", 0, 0, "dk-dashboard",
     "base URL of the operations dashboard (written by the embedded stack into stack.env; empty "
     "= http://DK_DASHBOARD_HOST:DK_DASHBOARD_PORT)"},
    {"DK_DASHBOARD_GROUP", DK_CFG_STR, "dk-dashboard", 0, 0, "dk-dashboard",
     "the dashboard's own consumer group (one per dashboard process: each reads every partition)"},
    {"DK_DASHBOARD_LAG_MS", DK_CFG_INT, "5000", 500, 600000, "dk-dashboard",
     "how often the dashboard asks the broker for every group's lag"},
    {"DK_DASHBOARD_PG_POOL", DK_CFG_INT, "2", 1, 16, "dk-dashboard",
     "PostgreSQL connections of the dashboard (staff sessions only)"},
    /* scheduling */
    {"DK_MAX_PER_DAY", DK_CFG_INT, "10", 1, 100, "dk-scheduler",
     "most interviews one interviewer does in one day"},
    {"DK_HOLD_WORKING_DAYS", DK_CFG_INT, "3", 1, 30, "dk-scheduler",
     "working days a proposed slot stays held for the applicant's answer"},
    {"DK_MAX_LIVE_PER_SOURCE", DK_CFG_INT, "5", 1, 1000, "dk-scheduler",
     "unanswered proposals held at once for requests from one client network (IPv4 address, "
     "IPv6 /64); more requests wait"},
    {"DK_SCHEDULE_HORIZON_DAYS", DK_CFG_INT, "42", 14, 365, "dk-scheduler",
     "how far after the wished weeks the scheduler looks for a later slot"},
    {"DK_SCHEDULER_SWEEP_MS", DK_CFG_INT, "30000", 1000, 3600000, "dk-scheduler",
     "how often the scheduler gives requests waiting for their source's limit another try"},
    /* timers (dk-timers) */
    {"DK_TIMERS_POLL_MS", DK_CFG_INT, "1000", 10, 60000, "dk-timers",
     "longest sleep of dk-timers between two looks for due timers"},
    {"DK_TIMERS_BATCH", DK_CFG_INT, "200", 1, 10000, "dk-timers",
     "most due timers fired in one transaction"},
    {"DK_REMINDER_MIN_LEAD_MIN", DK_CFG_INT, "60", 0, 1440, "dk-scheduler, dk-timers",
     "an interview reserved less than 24 hours ahead gets its reminder at once, or none when it "
     "starts within this many minutes"},
    {"DK_OUTCOME_GRACE_MIN", DK_CFG_INT, "120", 1, 10080, "dk-scheduler, dk-timers",
     "minutes after an interview's end without an outcome before operators are alerted"},
    {"DK_DOCUMENT_RETENTION_DAYS", DK_CFG_INT, "30", 1, 36500, "dk-timers",
     "days after the interview (or the application's end, when sooner) before the identity-"
     "document images are erased"},
    {"DK_PERSONAL_RETENTION_DAYS", DK_CFG_INT, "365", 1, 36500, "dk-timers",
     "days after an application without a key ended before its personal data and interview "
     "captures are erased"},
    {"DK_FRAUD_RETENTION_DAYS", DK_CFG_INT, "1825", 1, 36500, "dk-timers",
     "days after its end a dossier rejected with the fraud flag is kept (images, captures, "
     "personal data)"},
    {"DK_VIDEO_URL_TEMPLATE", DK_CFG_STR, "https://meet.jit.si/digitalkey-{room}", 0, 0,
     "dk-scheduler, dk-intake",
     "link of the video interview; {room} becomes an unguessable room id"},
    /* secrets */
    {"DK_DEVELOPMENT", DK_CFG_INT, "0", 0, 1, "dk-intake, workers, dk",
     "1 = development: the embedded development keys are accepted (make run/up set it); never in "
     "production"},
    {"DK_CODE_KEY", DK_CFG_SECRET, DEV_SECRET, 0, 0, "dk-intake, workers",
     "HMAC key under which security codes are stored (keyed hash)"},
    {"DK_TOKEN_KEY", DK_CFG_SECRET, DEV_SECRET, 0, 0, "dk-intake, dk-mailer",
     "HMAC key from which self-service link tokens are derived (never stored)"},
    {"DK_ACTIVATION_KEY", DK_CFG_SECRET, DEV_SECRET, 0, 0, "dk-console, dk-intake",
     "HMAC key under which activation codes are stored (keyed hash)"},
    {"DK_CSRF_KEY", DK_CFG_SECRET, DEV_SECRET, 0, 0, "dk-intake", "HMAC key for CSRF tokens"},
    {"DK_DOCUMENT_KEY", DK_CFG_SECRET, DEV_SECRET, 0, 0, "dk-intake, dk-docchecker, dk",
     "secret from which the AES-256-GCM key of stored document images is derived"},
    {"DK_MESSAGE_KEY", DK_CFG_SECRET, DEV_SECRET, 0, 0, "dk-intake, workers, dk",
     "secret from which the AES-256-GCM key sealing personal fields of messages is derived"},
    {"DK_MESSAGE_KEY_OLD", DK_CFG_SECRET, "", 0, 0, "workers",
     "the previous DK_MESSAGE_KEY during a rotation: messages sealed under it still open (empty = "
     "none)"},
    /* documents */
    {"DK_DOCUMENT_DIR", DK_CFG_STR, "var/documents", 0, 0, "dk-intake, dk-docchecker, dk",
     "where encrypted document images are stored (shared by the intake and the checker)"},
    {"DK_DOC_TIMEOUT_MS", DK_CFG_INT, "20000", 1000, 600000, "dk-docchecker",
     "longest one image may take to judge before its validator is killed"},
    /* the register of stolen, lost and cancelled documents (issue 11) */
    {"DK_REGISTER_URL", DK_CFG_STR, "", 0, 0, "dk, document pipeline",
     "base URL of the document register (POST {URL}/v1/documents/check; the embedded stack "
     "writes its development register's into stack.env; empty = no register: unavailable)"},
    {"DK_REGISTER_TOKEN", DK_CFG_SECRET, "", 0, 0, "dk, document pipeline, dk-register",
     "bearer token sent to the register (empty = none); the development register then asks for "
     "it"},
    {"DK_REGISTER_CA_FILE", DK_CFG_STR, "", 0, 0, "dk, document pipeline",
     "CA bundle that verifies the register's https certificate (empty = the system's)"},
    {"DK_REGISTER_TIMEOUT_MS", DK_CFG_INT, "5000", 100, 120000, "dk, document pipeline",
     "bound on one request to the register, connection included"},
    {"DK_REGISTER_RETRIES", DK_CFG_INT, "2", 0, 10, "dk, document pipeline",
     "further requests after one that may pass (no connection, timeout, 408, 429, 5xx)"},
    {"DK_REGISTER_BACKOFF_MS", DK_CFG_INT, "250", 10, 60000, "dk, document pipeline",
     "wait before the first retry of the register; doubles each time (at most 10 s)"},
    {"DK_REGISTER_ALLOW_HTTP", DK_CFG_INT, "0", 0, 1, "dk, document pipeline",
     "1 = plain http to a register on another machine (a TLS-terminating sidecar); never with "
     "a token"},
    {"DK_REGISTER_DELAY_MS", DK_CFG_INT, "0", 0, 600000, "dk-register",
     "the development register waits this long before each answer (rehearses a slow register)"},
    {"DK_MRZ_TESSDATA", DK_CFG_STR, "build/tessdata", 0, 0, "dk, dk-docvalidate",
     "folder of the eng.traineddata the MRZ reader loads (empty = Tesseract's own)"},
    {"DK_MRZ_ENGINE", DK_CFG_STR, "ocrb+legacy", 0, 0, "dk, dk-docvalidate",
     "MRZ recogniser: ocrb (own), ocrb+legacy (Tesseract when the check digits fail), or "
     "Tesseract's legacy, lstm or combined"},
    {"DK_MRZ_FONT", DK_CFG_STR, "/usr/share/fonts/opentype/ocr-b/OCRB.otf", 0, 0,
     "dk, dk-docvalidate",
     "OCR-B font file the MRZ reader renders its glyph templates from (fonts-ocr-b)"},
    /* consumer runtime */
    {"DK_BATCH_MAX", DK_CFG_INT, "500", 1, 10000, "workers", "most messages handled in one batch"},
    {"DK_BATCH_WAIT_MS", DK_CFG_INT, "50", 1, 60000, "workers",
     "longest wait to fill a batch once its first message arrived"},
    {"DK_RETRY_MAX", DK_CFG_INT, "5", 1, 100, "workers",
     "attempts for a failing message before it goes to the dead-letter topic"},
    {"DK_RETRY_BACKOFF_MS", DK_CFG_INT, "100", 1, 600000, "workers",
     "first retry delay for a failing message (doubles each attempt)"},
    {"DK_LOG_LEVEL", DK_CFG_STR, "info", 0, 0, "all", "debug, info, warn or error"},
    /* metrics and health (common/metrics) */
    {"DK_METRICS_PORT", DK_CFG_INT, "9464", 0, 65535, "all long-running binaries",
     "port of GET /metrics (Prometheus), /healthz and /readyz (0 = any free port)"},
    {"DK_METRICS_BIND", DK_CFG_STR, "127.0.0.1", 0, 0, "all long-running binaries",
     "IPv4 address the metrics port listens on (containers: 0.0.0.0)"},
    {"DK_METRICS_READY_FILE", DK_CFG_STR, "", 0, 0, "all long-running binaries",
     "file the metrics port's base URL is written to once it listens (the embedded stack waits "
     "on it)"},
    {NULL, 0, NULL, 0, 0, NULL, NULL},
};

/* DK_* names that scripts and tests export for themselves, never read by a
 * binary: they pass the start-up check (every other unknown DK_* name is a
 * typo and is refused). A script that needs a new variable of its own adds
 * its name here, or better, picks a name that does not start with DK_. */
static const char *const script_names[] = {
    "DK_BUILD",                 /* Makefile, every script: the build directory */
    "DK_BENCH_CONNECTIONS",     /* tests/bench */
    "DK_BENCH_PGBENCH_SECONDS", /* tests/bench */
    "DK_BENCH_SECONDS",         /* tests/bench */
    "DK_BENCH_SLOW",            /* tests/bench */
    "DK_BROWSER_LANGS",         /* tests/browser */
    "DK_BROWSER_PHOTO",         /* tests/browser */
    "DK_BROWSER_NEW_PHOTO",     /* tests/browser: the photo the console asks for anew */
    "DK_CONTAINERS_VAR",        /* infra/containers, tests/containers: the pods' files */
    "DK_PG_PORT",               /* infra/containers: the PostgreSQL pod's port */
    "DK_CHROMIUM",              /* tests/browser */
    "DK_CORPUS_CACHE",          /* tests/corpus/cached.sh: where the generated corpus is kept */
    "DK_DEV_MAILDIR_OVERRIDE",  /* infra/stack.sh */
    "DK_SMTP_PORT",             /* infra/stack.sh: the development SMTP server's port */
    "DK_DOC_BENCH_ROUNDS",      /* tests/bench/doc_bench.sh */
    "DK_METRICS_URLS",          /* infra/stack.sh (stack.env): every metrics port, for Prometheus */
    "DK_DOC_CHECK",             /* tests/bench/doc_bench.sh, tests/corpus/run_accuracy.sh */
    "DK_MRZ_BENCH_ROUNDS",      /* tests/bench/mrz_bench.sh */
    "DK_NPM_CACHE",             /* infra/fetch_tessdata.sh: where the model's tarball is kept */
    "DK_GOLDEN_UPDATE",         /* tests/integration/test_golden.py: rewrite the golden files */
    "DK_PG_PASSWORD",           /* infra/containers/compose.yaml */
    "DK_SMTPD_SCRIPT",          /* tests/unit/test_smtp_send.c */
    NULL,
};

static const dk_cfg_entry *find(const char *name)
{
    for (const dk_cfg_entry *e = dk_cfg_table; e->name; e++)
        if (strcmp(e->name, name) == 0)
            return e;
    return NULL;
}

static int parse_long(const char *s, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end != '\0')
        return -1;
    *out = v;
    return 0;
}

static int is_script_name(const char *name)
{
    for (const char *const *s = script_names; *s; s++)
        if (strcmp(*s, name) == 0)
            return 1;
    return 0;
}

/* Edit distance (insertions, deletions, substitutions), for names of at
 * most 127 bytes; longer ones count as far from everything. */
static size_t levenshtein(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 127 || lb > 127)
        return (size_t)-1;
    size_t row[128];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

const char *dk_config_closest(const char *name)
{
    const char *best = NULL;
    size_t best_d = 4; /* at most three edits away, else no suggestion */
    size_t len = strlen(name);
    for (const dk_cfg_entry *e = dk_cfg_table; e->name; e++) {
        size_t d = levenshtein(name, e->name);
        if (d < best_d && 3 * d <= len) { /* and a third of the name at most */
            best_d = d;
            best = e->name;
        }
    }
    return best;
}

int dk_config_check(char *err, size_t errlen)
{
    extern char **environ;
    for (char **env = environ; *env; env++) {
        if (strncmp(*env, "DK_", 3) != 0)
            continue;
        const char *eq = strchr(*env, '=');
        if (!eq)
            continue;
        char name[128];
        size_t n = (size_t)(eq - *env);
        if (n >= sizeof name)
            n = sizeof name - 1;
        memcpy(name, *env, n);
        name[n] = '\0';
        const dk_cfg_entry *e = find(name);
        if (!e && is_script_name(name))
            continue;
        if (!e) {
            const char *near = dk_config_closest(name);
            if (near)
                snprintf(err, errlen, "%s is not a setting (did you mean %s?)", name, near);
            else
                snprintf(err, errlen, "%s is not a setting (see: dk config)", name);
            return -1;
        }
        if (e->type != DK_CFG_INT)
            continue;
        long v;
        if (parse_long(eq + 1, &v) != 0) {
            snprintf(err, errlen, "%s=%s is not a whole number", name, eq + 1);
            return -1;
        }
        if (v < e->min || v > e->max) {
            snprintf(err, errlen, "%s=%ld is out of range (%ld..%ld)", name, v, e->min, e->max);
            return -1;
        }
    }
    return 0;
}

const char *dk_config_str(const char *name)
{
    const dk_cfg_entry *e = find(name);
    if (!e) {
        fprintf(stderr, "dk_config: unknown setting %s\n", name);
        abort();
    }
    const char *v = getenv(name);
    return v ? v : e->def;
}

long dk_config_int(const char *name)
{
    const dk_cfg_entry *e = find(name);
    if (!e || e->type != DK_CFG_INT) {
        fprintf(stderr, "dk_config: %s is not an integer setting\n", name);
        abort();
    }
    long v, def = 0;
    parse_long(e->def, &def);
    const char *s = getenv(name);
    if (!s || parse_long(s, &v) != 0 || v < e->min || v > e->max)
        return def;
    return v;
}

int dk_config_secret_is_default(const char *name)
{
    const dk_cfg_entry *e = find(name);
    return e && strcmp(dk_config_str(name), e->def) == 0 && e->def[0] != '\0';
}

/* A key strong enough to stand for itself: the keys are used as they are
 * written (HMAC keys, and the input from which the AES-256 keys are
 * derived), so the written value is the key material. 32 bytes, and not one
 * or two characters repeated: 64 hex digits (openssl rand -hex 32) or 44
 * characters of base64 pass. */
#define DK_SECRET_MIN_BYTES 32
#define DK_SECRET_MIN_DISTINCT 8
static int secret_strong(const char *v)
{
    unsigned char seen[256] = {0};
    size_t n = 0;
    int distinct = 0;
    for (const unsigned char *p = (const unsigned char *)v; *p; p++, n++)
        if (!seen[*p]++)
            distinct++;
    return n >= DK_SECRET_MIN_BYTES && distinct >= DK_SECRET_MIN_DISTINCT;
}

/* Appends the names of the secrets at fault (weak = 0: still the embedded
 * key, or empty; weak = 1: set, but too short), then why. Returns how many. */
static int name_faults(int weak, char *err, size_t errlen, size_t *used)
{
    int faults = 0;
    for (const dk_cfg_entry *e = dk_cfg_table; e->name; e++) {
        if (e->type != DK_CFG_SECRET || e->def[0] == '\0')
            continue; /* no embedded key to fall back on (DK_SMTP_PASSWORD) */
        const char *v = dk_config_str(e->name);
        int dev = dk_config_secret_is_default(e->name) || v[0] == '\0';
        if (weak ? dev || secret_strong(v) : !dev)
            continue;
        int n = snprintf(err + *used, errlen - *used, "%s%s", faults ? ", " : "", e->name);
        if (n > 0 && (size_t)n < errlen - *used)
            *used += (size_t)n;
        faults++;
    }
    if (faults) {
        int n = snprintf(
            err + *used, errlen - *used, "%s",
            weak ? ": too weak, fewer than 32 characters (or fewer than 8 different ones), "
                   "refused outside development: set a long random value, such as 64 hex digits "
                   "(openssl rand -hex 32)"
                 : ": the embedded development key, or empty, refused outside development: set a "
                   "long random value, or DK_DEVELOPMENT=1 on a development machine");
        if (n > 0)
            *used += (size_t)n < errlen - *used ? (size_t)n : errlen - *used - 1;
    }
    return faults;
}

int dk_config_check_secrets(char *err, size_t errlen)
{
    if (dk_config_int("DK_DEVELOPMENT") == 1)
        return 0;
    size_t used = 0;
    err[0] = '\0';
    int dev = name_faults(0, err, errlen, &used);
    size_t before = used;
    if (dev && used + 3 <= errlen) {
        memcpy(err + used, "; ", 3);
        used += 2;
    }
    int weak = name_faults(1, err, errlen, &used);
    if (!weak)
        err[before] = '\0'; /* no "; " after the last */
    return dev || weak ? -1 : 0;
}

int dk_config_start_check(void)
{
    char err[512];
    if (dk_config_check(err, sizeof err) != 0) {
        dk_log(DK_LOG_ERROR, "bad_configuration", "%s", err);
        return 2;
    }
    if (dk_config_check_secrets(err, sizeof err) != 0) {
        dk_log(DK_LOG_ERROR, "development_secrets_refused", "%s", err);
        return 2;
    }
    /* A test clock (DK_NOW) counts from its first reading: take it now, at
     * start-up, so that it counts from the process's start and not from a
     * first request that a loaded machine may bring seconds later (tests
     * tell a process's clock from its start time). */
    (void)dk_now_ms();
    return 0;
}
