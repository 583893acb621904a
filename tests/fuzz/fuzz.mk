# SPDX-License-Identifier: EUPL-1.2
# tests/fuzz/fuzz.mk — the fuzz build, apart from the Makefile because it is
# built with clang and other flags: the shared code instrumented for
# libFuzzer (ASan+UBSan, -fsanitize=fuzzer-no-link) into one archive per
# library, and each tests/fuzz/fuzz_*.c linked against the archives. Sources
# are found, never listed: every .c under common/, consumers/ and
# producers/lib/ (at any depth, so moving files into subfolders needs no
# change here), the intake's (producers/intake but main.c), and the code
# generated from schemas/. Called by tests/fuzz/run.sh:
#   make -f tests/fuzz/fuzz.mk -j2 build/fuzz/fuzz_name ...

FUZZ := build/fuzz
CLANG ?= clang
PKGS := rdkafka libpq libcurl openssl jansson libmicrohttpd vips libjpeg

find_c = $(sort $(shell find $(1) -name '*.c' 2>/dev/null))
COMMON_SRC := $(call find_c,common)
CONSUMERS_SRC := $(call find_c,consumers)
PRODUCER_SRC := $(call find_c,producers/lib)
INTAKE_SRC := $(filter-out producers/intake/main.c,$(call find_c,producers/intake))
GEN_SRC := $(FUZZ)/gen/dk_topics_gen.c $(FUZZ)/gen/dk_migrations_gen.c $(FUZZ)/gen/dk_i18n_gen.c \
           $(FUZZ)/gen/dk_auth_blocklist_gen.c $(FUZZ)/gen/dk_web_layout_gen.c
I18N_H := $(FUZZ)/gen/i18n/dk_i18n_formats.h
# The intake's page templates, embedded.
PAGES_GEN := $(FUZZ)/gen/dk_page_templates_gen.c
# And the scripts of its key pages (producers/intake/*.js), as the Makefile does.
INTAKE_JS_GEN := $(FUZZ)/gen/dk_activate_js_gen.c $(FUZZ)/gen/dk_signin_js_gen.c
# Code the targets share (tests/fuzz/*.c that are not targets).
HELPER_SRC := $(filter-out tests/fuzz/fuzz_%,$(wildcard tests/fuzz/*.c))

# Every folder holding a header is on the include path (a header moved into
# a subfolder is still found), and the intake's for its targets.
HEADER_DIRS := $(sort $(patsubst %/,%,$(dir $(shell find common consumers producers/lib -name '*.h'))))
INCLUDES := -Icommon $(addprefix -I,$(HEADER_DIRS)) -Iproducers/intake -I$(FUZZ)/gen

SAN := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
BASE := -std=c11 -D_GNU_SOURCE -g -O1 $(SAN) $(INCLUDES) $(shell pkg-config --cflags $(PKGS))
LIB_CFLAGS := $(BASE) -fsanitize=fuzzer-no-link
TARGET_CFLAGS := $(BASE) -fsanitize=fuzzer -Wall -Wextra -Werror -Wshadow -Wno-unused-parameter
LDLIBS := -Wl,--as-needed $(shell pkg-config --libs $(PKGS)) -lmagic -lunistring -largon2 -lqrencode -lcbor \
          -lpthread -lm

obj = $(patsubst %.c,$(FUZZ)/obj/%.o,$(patsubst $(FUZZ)/%,%,$(1)))
ARCHIVES := $(FUZZ)/lib/libdk_intake.a $(FUZZ)/lib/libdk_producer.a \
            $(FUZZ)/lib/libdk_consumers.a $(FUZZ)/lib/libdk_common.a $(FUZZ)/lib/libfuzz_helpers.a

$(FUZZ)/lib/libdk_common.a: $(call obj,$(COMMON_SRC) $(GEN_SRC))
$(FUZZ)/lib/libdk_consumers.a: $(call obj,$(CONSUMERS_SRC))
$(FUZZ)/lib/libdk_producer.a: $(call obj,$(PRODUCER_SRC))
$(FUZZ)/lib/libdk_intake.a: $(call obj,$(INTAKE_SRC) $(PAGES_GEN) $(INTAKE_JS_GEN))
$(FUZZ)/lib/libfuzz_helpers.a: $(call obj,$(HELPER_SRC))
$(FUZZ)/lib/%.a:
	@mkdir -p $(dir $@)
	@rm -f $@
	@ar rcs $@ $^

# A flag changed here: every object is built again.
$(FUZZ)/obj/%.o: %.c tests/fuzz/fuzz.mk | $(I18N_H)
	@mkdir -p $(dir $@)
	@echo "  CC (fuzz)  $<"
	@$(CLANG) $(LIB_CFLAGS) -MMD -MP -c $< -o $@

$(FUZZ)/obj/gen/%.o: $(FUZZ)/gen/%.c tests/fuzz/fuzz.mk | $(I18N_H)
	@mkdir -p $(dir $@)
	@$(CLANG) $(LIB_CFLAGS) -c $< -o $@

# Rewritten only when its content changes, so the objects stay current.
$(FUZZ)/gen/dk_topics_gen.c: schemas/topics.tsv infra/gen_topics.sh
	@mkdir -p $(dir $@)
	@infra/gen_topics.sh $< > $@

# The pages' common layout (common/web/templates), embedded.
$(FUZZ)/gen/dk_web_layout_gen.c: $(sort $(wildcard common/web/templates/*.html)) infra/gen_templates.sh
	@mkdir -p $(dir $@)
	@infra/gen_templates.sh dk_web_layout $(sort $(wildcard common/web/templates/*.html)) > $@

$(PAGES_GEN): $(sort $(wildcard producers/intake/templates/*.html)) infra/gen_templates.sh
	@mkdir -p $(dir $@)
	@infra/gen_templates.sh dk_page_templates $(sort $(wildcard producers/intake/templates/*.html)) > $@

$(INTAKE_JS_GEN): $(FUZZ)/gen/dk_%_js_gen.c: producers/intake/%.js infra/gen_text.sh
	@mkdir -p $(dir $@)
	@infra/gen_text.sh dk_$*_js $< > $@

$(FUZZ)/gen/dk_auth_blocklist_gen.c: $(sort $(wildcard common/auth/blocklist/*)) infra/gen_blocklist.sh
	@mkdir -p $(dir $@)
	@infra/gen_blocklist.sh $(sort $(wildcard common/auth/blocklist/*)) > $@

$(FUZZ)/gen/dk_migrations_gen.c: $(sort $(wildcard schemas/sql/*.sql)) infra/gen_migrations.sh
	@mkdir -p $(dir $@)
	@infra/gen_migrations.sh $(sort $(wildcard schemas/sql/*.sql)) > $@

# The message catalogue's tables and formats header, by the Makefile's rule
# (it checks po/ and builds its generator with the host compiler).
$(FUZZ)/gen/dk_i18n_gen.c $(I18N_H) &: po/digital-key.pot $(wildcard po/*.po) infra/gen_i18n.c
	@$(MAKE) --no-print-directory -f Makefile BUILD=$(FUZZ) $(FUZZ)/gen/dk_i18n_gen.c

# A target: its source and the archives (a group: the libraries call each
# other), so only what it reaches is linked.
$(FUZZ)/fuzz_%: tests/fuzz/fuzz_%.c $(ARCHIVES) tests/fuzz/fuzz.mk | $(GEN_SRC)
	@echo "  LD (fuzz)  $@"
	@$(CLANG) $(TARGET_CFLAGS) -MMD -MP -MF $(FUZZ)/obj/$(notdir $@).d -o $@ $< \
	    -Wl,--start-group $(ARCHIVES) -Wl,--end-group $(LDLIBS)

.DELETE_ON_ERROR:
-include $(shell find $(FUZZ)/obj -name '*.d' 2>/dev/null)
