# SPDX-License-Identifier: EUPL-1.2
# Makefile — builds every binary of the digital-key pipeline with one `make`,
# and fronts the operator commands fixed by SPEC.md (run, up, down, test, bench).
#
#   make            build everything under build/ (or $(BUILD))
#   make SAN=1      the same, built with AddressSanitizer + UBSan under build/san
#   make run        start the whole stack in the foreground (Ctrl-C stops it)
#   make up / down  start the stack in the background / stop it
#   make test       every test (unit, corpus, browser; unit and integration under
#                   ASan+UBSan; fuzz seeds), with the time of each stage at the end
#   make fuzz       each libFuzzer target for FUZZ_SECONDS (default 60)
#   make test-browser  the applicant's journey (phone width), the interviewer's console and the digital key in headless Chromium
#   make bench      the benchmarks, each next to its baseline
#   make containers the container images (infra/containers; README "Containers")

SHELL := /bin/bash
.DEFAULT_GOAL := all

ifeq ($(SAN),1)
BUILD ?= build/san
SANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
OPT := -O1
else
BUILD ?= build
SANFLAGS :=
OPT := -O2
endif

CC ?= cc
# libjpeg: the document check decodes phone JPEGs with it directly
# (common/doccheck/dk_doc_jpeg.c); libvips-dev brings its headers.
PKGS := rdkafka libpq libcurl openssl jansson libmicrohttpd vips libjpeg tesseract freetype2
CFLAGS := -std=c11 -D_GNU_SOURCE $(OPT) -g -Wall -Wextra -Werror -Wshadow \
          -Wno-unused-parameter -Wstrict-prototypes -Wformat=2 \
          -Icommon -Iconsumers -Iproducers/lib -I$(BUILD)/gen $(SANFLAGS)
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
# --as-needed: a binary loads only the shared libraries it calls (the validator
# then carries no network or database library). libunistring (Unicode
# classes for names, common/belgium/dk_name.c) ships no pkg-config file.
# libargon2, libqrencode and libcbor (common/auth) ship pkg-config files, but
# the plain names keep the line as it is.
LDLIBS = -Wl,--as-needed $(PKG_LIBS) -lmagic -lunistring -largon2 -lqrencode -lcbor -lpthread -lm

# Shared code: one archive per library of common/LAYERS (lowest first: name,
# folder), build/lib/libdk_NAME.a from FOLDER/*.c; store's also holds the
# tables generated from schemas/. Binaries link them all, highest first: an
# archive adds only the objects something calls.
LAYER_ROWS := $(shell awk '/^[a-z]/ { print $$1 ":" $$2 }' common/LAYERS)
LAYER_NAMES := $(foreach r,$(LAYER_ROWS),$(firstword $(subst :, ,$(r))))
$(foreach r,$(LAYER_ROWS),$(eval LIBDIR_$(firstword $(subst :, ,$(r))) := $(lastword $(subst :, ,$(r)))))
LIB_SRC := $(foreach n,$(LAYER_NAMES),$(wildcard $(LIBDIR_$(n))/*.c))
STORE_GEN := $(BUILD)/gen/dk_topics_gen.c $(BUILD)/gen/dk_migrations_gen.c
I18N_GEN_SRC := $(BUILD)/gen/dk_i18n_gen.c
# The password blocklist (common/auth/blocklist) as auth's sorted table; the
# web pages' layout templates (common/web/templates), embedded.
AUTH_GEN := $(BUILD)/gen/dk_auth_blocklist_gen.c
WEB_GEN := $(BUILD)/gen/dk_web_layout_gen.c
GEN_SRC := $(STORE_GEN) $(I18N_GEN_SRC) $(AUTH_GEN) $(WEB_GEN)
libobjs_of = $(patsubst %.c,$(BUILD)/obj/%.o,$(wildcard $(LIBDIR_$(1))/*.c)) \
             $(if $(filter store,$(1)),$(STORE_GEN:.c=.o)) $(if $(filter i18n,$(1)),$(I18N_GEN_SRC:.c=.o)) \
             $(if $(filter auth,$(1)),$(AUTH_GEN:.c=.o)) $(if $(filter web,$(1)),$(WEB_GEN:.c=.o))
reverse = $(if $(1),$(call reverse,$(wordlist 2,$(words $(1)),$(1))) $(firstword $(1)))
LIBS := $(strip $(foreach n,$(call reverse,$(LAYER_NAMES)),$(BUILD)/lib/libdk_$(n).a))
# The mailer's sources but its main(), for the unit test of its e-mails.
MAILER_LIB := $(BUILD)/lib/libdk_mailer.a
MAILER_OBJ := $(patsubst %.c,$(BUILD)/obj/%.o,$(filter-out workers/mailer/main.c,$(wildcard workers/mailer/*.c)))
# The message catalogue: the template and one file per language.
PO_FILES := $(sort $(wildcard po/*.po))
HOST_CC ?= cc
I18N_GEN := $(BUILD)/host/gen_i18n
I18N_H := $(BUILD)/gen/i18n/dk_i18n_formats.h

# One binary per role: name => its source folder.
BINS := dk dk-broker dk-intake dk-recorder dk-mailer dk-docchecker dk-docvalidate dk-scheduler \
        dk-console dk-timers dk-register dk-probe dk-dashboard
SRC_dk := infra/cli
SRC_dk-broker := infra/broker
SRC_dk-intake := producers/intake
SRC_dk-recorder := workers/recorder
SRC_dk-mailer := workers/mailer
SRC_dk-docchecker := workers/docchecker
SRC_dk-docvalidate := workers/docvalidate
SRC_dk-scheduler := workers/scheduler
SRC_dk-console := producers/console
SRC_dk-timers := workers/timers
SRC_dk-register := infra/register
SRC_dk-probe := infra/probe
SRC_dk-dashboard := producers/dashboard
BIN_PATHS := $(addprefix $(BUILD)/bin/,$(BINS))

UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRC))
# Programs the integration tests drive against the stack (tests/integration/*.c).
INTEG_BINS := $(patsubst tests/integration/%.c,$(BUILD)/integration/%,$(wildcard tests/integration/*.c))
# Benchmark programs in C (tests/bench/*.c), one binary each.
BENCH_BINS := $(patsubst tests/bench/%.c,$(BUILD)/bench/%,$(wildcard tests/bench/*.c))

.PHONY: all deps run up down corpus draws test test-style test-unit test-corpus test-integration test-browser test-san \
        test-san-unit test-san-integration test-fuzz fuzz build-san bench clean format containers \
        test-containers

# The MRZ reader's Tesseract model (DK_MRZ_TESSDATA's default), from npm,
# cached outside the checkout (infra/fetch_tessdata.sh says which and why).
TESSDATA := build/tessdata/eng.traineddata

all: deps-check $(BIN_PATHS) $(UNIT_BINS) $(BENCH_BINS) $(INTEG_BINS) $(TESSDATA)

$(TESSDATA): infra/fetch_tessdata.sh
	@infra/fetch_tessdata.sh $(dir $@)

# Installs missing Debian packages (as root) before the first build: every
# object waits for it (order-only), so `make -j2` on a fresh machine does not
# compile against headers not yet installed.
deps-check:
	@infra/deps.sh build

# The outline's colour steps and line sweep (a row of cells, every line of
# the picture at once) and the sharpness's directions (a row of pixels) are
# written without branches for the vectoriser, which -O2 leaves off; it
# turns float comparisons into selects only when they may not trap. Not
# under the sanitizers, whose -O1 stays.
ifeq ($(OPT),-O2)
$(BUILD)/obj/common/doccheck/dk_doc_outline.o: CFLAGS += -O3
$(BUILD)/obj/common/doccheck/dk_doc_blur.o: CFLAGS += -O3 -fno-trapping-math
endif

$(BUILD)/obj/%.o: %.c | $(I18N_H) deps-check
	@mkdir -p $(dir $@)
	@echo "  CC  $<"
	@$(CC) $(CFLAGS) $(PKG_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/gen/%.o: $(BUILD)/gen/%.c | deps-check
	@echo "  CC  $<"
	@$(CC) $(CFLAGS) $(PKG_CFLAGS) -c $< -o $@

$(BUILD)/gen/dk_topics_gen.c: schemas/topics.tsv infra/gen_topics.sh
	@mkdir -p $(dir $@)
	@infra/gen_topics.sh $< > $@

$(BUILD)/gen/dk_migrations_gen.c: $(sort $(wildcard schemas/sql/*.sql)) infra/gen_migrations.sh
	@mkdir -p $(dir $@)
	@infra/gen_migrations.sh $(sort $(wildcard schemas/sql/*.sql)) > $@

$(AUTH_GEN): $(sort $(wildcard common/auth/blocklist/*)) infra/gen_blocklist.sh
	@mkdir -p $(dir $@)
	@infra/gen_blocklist.sh $(sort $(wildcard common/auth/blocklist/*)) > $@

# The message catalogue (po/, README "Languages") as the tables of
# common/i18n: msgfmt --check on each language, then infra/gen_i18n (built
# with the host compiler) checks keys, formats and {{tags}} across languages.
$(I18N_GEN): infra/gen_i18n.c
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $<"
	@$(HOST_CC) -std=c11 -D_GNU_SOURCE -O2 -Wall -Wextra -Werror -Wshadow -Wformat=2 -o $@ $<

$(BUILD)/gen/dk_i18n_gen.c $(I18N_H) &: po/digital-key.pot $(PO_FILES) $(I18N_GEN) | deps-check
	@mkdir -p $(BUILD)/gen/i18n
	@echo "  I18N  po/digital-key.pot $(PO_FILES)"
	@for po in $(PO_FILES); do msgfmt --check -o /dev/null $$po || exit 1; done
	@$(I18N_GEN) --c $(BUILD)/gen/dk_i18n_gen.c --h $(I18N_H) po/digital-key.pot $(PO_FILES)

# The pages' common layout (common/web/templates: head, language switch,
# foot), embedded in libdk_web.a by infra/gen_templates.sh.
WEB_TEMPLATES := $(sort $(wildcard common/web/templates/*.html))
$(WEB_GEN): $(WEB_TEMPLATES) infra/gen_templates.sh
	@mkdir -p $(dir $@)
	@infra/gen_templates.sh dk_web_layout $(WEB_TEMPLATES) > $@

# The intake's pages: templates (producers/intake/templates) embedded by
# infra/gen_templates.sh, rendered from a model by page_*.c without a
# connection; linked into dk-intake and into the page tests.
PAGE_TEMPLATES := $(sort $(wildcard producers/intake/templates/*.html))
PAGES_GEN := $(BUILD)/gen/dk_page_templates_gen.c
PAGES_OBJ := $(patsubst %.c,$(BUILD)/obj/%.o,$(wildcard producers/intake/page_*.c) \
             producers/intake/when.c) $(PAGES_GEN:.c=.o)
$(PAGES_GEN): $(PAGE_TEMPLATES) infra/gen_templates.sh
	@mkdir -p $(dir $@)
	@infra/gen_templates.sh dk_page_templates $(PAGE_TEMPLATES) > $@
$(BUILD)/bin/dk-intake: $(PAGES_GEN:.c=.o)

# The console's pages (producers/console/templates), embedded the same way.
CONSOLE_TEMPLATES := $(sort $(wildcard producers/console/templates/*.html))
CONSOLE_GEN := $(BUILD)/gen/dk_console_templates_gen.c
$(CONSOLE_GEN): $(CONSOLE_TEMPLATES) infra/gen_templates.sh
	@mkdir -p $(dir $@)
	@infra/gen_templates.sh dk_console_templates $(CONSOLE_TEMPLATES) > $@
$(BUILD)/bin/dk-console: $(CONSOLE_GEN:.c=.o)
# Its one script (producers/console/console.js), embedded as a string.
CONSOLE_JS_GEN := $(BUILD)/gen/dk_console_js_gen.c
$(CONSOLE_JS_GEN): producers/console/console.js infra/gen_text.sh
	@mkdir -p $(dir $@)
	@infra/gen_text.sh dk_console_js $< > $@
$(BUILD)/bin/dk-console: $(CONSOLE_JS_GEN:.c=.o)
# The dashboard's pages, script and stylesheet (producers/dashboard), embedded the same way.
DASHBOARD_TEMPLATES := $(sort $(wildcard producers/dashboard/templates/*.html))
DASHBOARD_GEN := $(BUILD)/gen/dk_dashboard_templates_gen.c $(BUILD)/gen/dk_dashboard_js_gen.c \
                 $(BUILD)/gen/dk_dashboard_css_gen.c
$(BUILD)/gen/dk_dashboard_templates_gen.c: $(DASHBOARD_TEMPLATES) infra/gen_templates.sh
	@mkdir -p $(dir $@)
	@infra/gen_templates.sh dk_dashboard_templates $(DASHBOARD_TEMPLATES) > $@
$(BUILD)/gen/dk_dashboard_%_gen.c: producers/dashboard/dashboard.% infra/gen_text.sh
	@mkdir -p $(dir $@)
	@infra/gen_text.sh dk_dashboard_$* $< > $@
$(BUILD)/bin/dk-dashboard: $(DASHBOARD_GEN:.c=.o)
# The intake's scripts of the key pages (producers/intake/activate.js,
# signin.js), embedded the same way.
INTAKE_JS_GEN := $(BUILD)/gen/dk_activate_js_gen.c $(BUILD)/gen/dk_signin_js_gen.c
$(INTAKE_JS_GEN): $(BUILD)/gen/dk_%_js_gen.c: producers/intake/%.js infra/gen_text.sh
	@mkdir -p $(dir $@)
	@infra/gen_text.sh dk_$*_js $< > $@
$(BUILD)/bin/dk-intake: $(INTAKE_JS_GEN:.c=.o)


# The objects of one binary's source folder.
objs_of = $(patsubst %.c,$(BUILD)/obj/%.o,$(wildcard $(SRC_$(1))/*.c))

.SECONDARY:
.SECONDEXPANSION:
# The folder too: a source moved out of it leaves no object behind.
$(BUILD)/lib/libdk_%.a: $$(call libobjs_of,$$*) $$(LIBDIR_$$*)
	@mkdir -p $(dir $@)
	@rm -f $@
	@ar rcs $@ $(filter %.o,$^)

$(MAILER_LIB): $(MAILER_OBJ)
	@mkdir -p $(dir $@)
	@rm -f $@
	@ar rcs $@ $^

$(BUILD)/bin/%: $$(call objs_of,$$*) $(LIBS)
	@mkdir -p $(dir $@)
	@echo "  LD  $@"
	@$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

# A unit test links what it tests: its own archives (TEST_LIBS_name) or
# objects, and sees those headers. The mail templates' test, the mailer's
# archive; the upload parts' test, the intake's upload.o (and part_headers.o,
# the part headers' test's own); the pages' test,
# the intake's page models and templates.
TEST_LIBS_test_mail_templates := $(MAILER_LIB)
$(BUILD)/obj/tests/unit/test_mail_templates.o: CFLAGS += -Iworkers/mailer
TEST_LIBS_test_mail_outcomes := $(MAILER_LIB)
$(BUILD)/obj/tests/unit/test_mail_outcomes.o: CFLAGS += -Iworkers/mailer
TEST_LIBS_test_mail_keys := $(MAILER_LIB)
$(BUILD)/obj/tests/unit/test_mail_keys.o: CFLAGS += -Iworkers/mailer
TEST_LIBS_test_upload_parts := $(BUILD)/obj/producers/intake/upload.o \
                               $(BUILD)/obj/producers/intake/part_headers.o
TEST_LIBS_test_part_headers := $(BUILD)/obj/producers/intake/part_headers.o
$(BUILD)/obj/tests/unit/test_part_headers.o: CFLAGS += -Iproducers/intake
$(BUILD)/obj/tests/unit/test_upload_parts.o: CFLAGS += -Iproducers/intake
TEST_LIBS_test_pages := $(PAGES_OBJ)
$(BUILD)/obj/tests/unit/test_pages.o: CFLAGS += -Iproducers/intake
TEST_LIBS_test_document_facts := $(BUILD)/obj/workers/docchecker/facts.o
$(BUILD)/obj/tests/unit/test_document_facts.o: CFLAGS += -Iworkers/docchecker

$(BUILD)/tests/%: $(BUILD)/obj/tests/unit/%.o $$(TEST_LIBS_$$*) $(LIBS)
	@mkdir -p $(dir $@)
	@echo "  LD  $@"
	@$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/integration/%: $(BUILD)/obj/tests/integration/%.o $(LIBS)
	@mkdir -p $(dir $@)
	@echo "  LD  $@"
	@$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/bench/%: $(BUILD)/obj/tests/bench/%.o $(LIBS)
	@mkdir -p $(dir $@)
	@echo "  LD  $@"
	@$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

run: all
	infra/stack.sh run

up: all
	infra/stack.sh up

down:
	infra/stack.sh down

# Every test, stage by stage, ending with the time of each (infra/timed_stages.sh).
# The plain build first; the sanitizer and fuzz builds then run in the
# background (one job) beside the plain build's tests, which mostly wait on
# the stack. The integration suite runs once, on the sanitizer build (the
# plain binaries run the unit tests, the corpus accuracy and the browser
# journey on the real stack); `make test-integration` runs it on the plain build.
test:
	@infra/timed_stages.sh \
	    build "infra/deps.sh build && infra/deps.sh test && $(MAKE) --no-print-directory -j2 all" \
	    "&build-san+fuzz" "$(MAKE) --no-print-directory -j1 build-san && FUZZ_BUILD_ONLY=1 tests/fuzz/run.sh" \
	    style "$(MAKE) --no-print-directory test-style" \
	    corpus "$(MAKE) --no-print-directory corpus" \
	    unit "$(MAKE) --no-print-directory test-unit" \
	    corpus-accuracy "$(MAKE) --no-print-directory test-corpus" \
	    browser "$(MAKE) --no-print-directory test-browser" \
	    wait "" \
	    unit-san "$(MAKE) --no-print-directory test-san-unit" \
	    integration-san "$(MAKE) --no-print-directory test-san-integration" \
	    fuzz-seeds "$(MAKE) --no-print-directory test-fuzz" \
	    containers "$(MAKE) --no-print-directory test-containers"

# The ASan+UBSan build (build/san).
build-san:
	@$(MAKE) --no-print-directory SAN=1 all

# The tree's habits: every C file laid out as .clang-format says, every
# source file with its SPDX licence line (LICENSE, NOTICE).
test-style:
	@infra/deps.sh check
	@infra/check_format.sh
	@infra/check_spdx.sh
	@infra/check_python.sh

test-unit: all
	@infra/deps.sh test
	@infra/run_unit_tests.sh $(UNIT_BINS)
	@infra/check_layers.sh . $(BUILD)
	@tests/layers/run.sh $(BUILD)
	@infra/monitoring/check.sh
	@DK_BUILD=$(BUILD) infra/readme_config.sh --check
	@infra/check_env_names.sh $(BUILD)

# The labelled document-image corpus, generated from tests/corpus/specimens,
# or copied from the copy kept outside the checkout (tests/corpus/cached.sh).
CORPUS_LABELS := build/corpus/labels.json
$(CORPUS_LABELS): tests/corpus/generate.py tests/corpus/light_documents.py tests/corpus/cached.sh $(wildcard tests/corpus/specimens/*)
	@infra/deps.sh test
	tests/corpus/cached.sh

corpus: $(CORPUS_LABELS)

# Another draw of the same kinds (generate.py --seed 1), unseen while the
# check's bounds were set: the accuracy gate judges it too.
CORPUS_UNSEEN := build/corpus-seed1/labels.json
$(CORPUS_UNSEEN): tests/corpus/generate.py tests/corpus/light_documents.py tests/corpus/cached.sh $(wildcard tests/corpus/specimens/*)
	@infra/deps.sh test
	tests/corpus/cached.sh --seed 1

# Photos made apart from generate.py's scenes (tests/corpus/other_tables.py:
# other tables, lamp light, glare of another shape), judged on scenes the
# bounds were not shaped by. Two minutes to make; written aside, then renamed.
CORPUS_OTHER := build/corpus-other/labels.json
$(CORPUS_OTHER): tests/corpus/other_tables.py tests/corpus/generate.py tests/corpus/light_documents.py $(wildcard tests/corpus/specimens/*)
	@infra/deps.sh test
	rm -rf build/corpus-other.new build/corpus-other
	/usr/bin/python3 tests/corpus/other_tables.py --out build/corpus-other.new
	mv build/corpus-other.new build/corpus-other

# Per-check precision and recall of the document check: >= 95% on the
# reference corpus and on the other tables' photos, >= 90% on the unseen
# draw (what the frame finder reaches on unseen draws of light documents on
# light, mottled or striped tables; 20-30 files a check, so one error costs
# 3-5%).
test-corpus: all corpus $(CORPUS_UNSEEN) $(CORPUS_OTHER)
	DK_BUILD=$(BUILD) tests/corpus/run_accuracy.sh
	DK_BUILD=$(BUILD) tests/corpus/run_accuracy.sh --goal 0.90 build/corpus-seed1
	DK_BUILD=$(BUILD) tests/corpus/run_accuracy.sh build/corpus-other

# The quality checks on the larger draws (tests/corpus/draws.sh: two hours of
# generating the first time, kept in ~/.cache), against 99 % per check; not
# part of make test.
draws: all
	DK_BUILD=$(BUILD) tests/corpus/draws.sh

test-integration: all corpus
	@infra/deps.sh test
	DK_BUILD=$(BUILD) tests/integration/run.sh

# The applicant's journey in headless Chromium at a phone viewport, page
# JavaScript off, in nl, fr and en; the interviewer's console; the digital
# key (TOTP and passkey); screenshots in $(BUILD)/browser/.
# BROWSER_SUITES="keys" (say) runs some of them.
test-browser: all corpus
	DK_BUILD=$(BUILD) tests/browser/run.sh

# The unit tests and the integration suite built with ASan+UBSan (build/san).
test-san:
	@$(MAKE) --no-print-directory test-san-unit
	@$(MAKE) --no-print-directory test-san-integration
test-san-unit: build-san
	@infra/run_unit_tests.sh $(patsubst $(BUILD)/%,build/san/%,$(UNIT_BINS))
# Two stacks side by side. Three finished sooner (4:32 -> 3:07) but once cut
# an upload under the load (a broken pipe in test_scheduling): two until that
# is understood.
test-san-integration: build-san corpus
	@infra/deps.sh test
	DK_BUILD=build/san tests/integration/run.sh --shards 2

# Each libFuzzer target replays its seeds (tests/fuzz/seeds) and fuzzes for 2 s.
test-fuzz:
	@infra/deps.sh test
	@FUZZ_SECONDS=2 tests/fuzz/run.sh

# Each libFuzzer target for FUZZ_SECONDS (default 60), its findings kept in build/fuzz.
fuzz:
	@infra/deps.sh test
	@FUZZ_SECONDS=$${FUZZ_SECONDS:-60} tests/fuzz/run.sh

bench: all corpus
	$(BUILD)/bench/sched_bench
	$(BUILD)/bench/auth_bench
	$(BUILD)/bench/image_bench
	DK_BUILD=$(BUILD) tests/bench/sched_e2e.sh
	@infra/deps.sh bench
	DK_BUILD=$(BUILD) tests/bench/run.sh
	DK_BUILD=$(BUILD) tests/bench/dashboard_bench.sh
	DK_BUILD=$(BUILD) tests/bench/doc_bench.sh
	DK_BUILD=$(BUILD) tests/bench/mrz_bench.sh
	DK_BUILD=$(BUILD) tests/bench/slow_clients.sh
	DK_BUILD=$(BUILD) tests/bench/signin_bench.sh
	DK_BUILD=$(BUILD) tests/bench/timers_bench.sh
	DK_BUILD=$(BUILD) tests/bench/metrics_cost.sh

# The container images: a Debian 12 base made with debootstrap, one image
# per role, PostgreSQL and the SMTP server (infra/containers, README "Containers").
containers: $(TESSDATA)
	infra/containers/build.sh

# The workers scaled in real containers: 3 recorders and 3 schedulers, one of
# each killed mid-stream, 2,000 requests landing exactly once (tests/containers).
test-containers: $(TESSDATA)
	tests/containers/run.sh

# Lays every tracked C file out as .clang-format says (infra/check_format.sh
# checks it in make test).
format:
	git ls-files -z -- '*.c' '*.h' | xargs -0 -r clang-format -i

clean:
	rm -rf build

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
