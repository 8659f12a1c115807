# tests/fuzz: libFuzzer harnesses for the parsers (issue 6).
#
#   make fuzz                  build the harnesses, cut seeds out of our
#                              own objects, run each FUZZ_SECONDS
#   make check, make test      run every harness once on each input in
#                              tests/fuzz/regress/NAME/ (inputs that once
#                              crashed the library), without libFuzzer
#
# libFuzzer needs clang: the library is compiled again with
# -fsanitize=fuzzer-no-link,address,undefined into $(B)/fuzz/.
FUZZ_NAMES   := elf btf btf_ext core usdt
FUZZ_SECONDS ?= 60
FUZZ_CC      ?= clang-14
FUZZ_B       := $(B)/fuzz
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_CFLAGS  := -O1 -g -fno-omit-frame-pointer $(WARN) -std=gnu11 \
		-D_GNU_SOURCE -Iloader -Itests/fuzz $(FUZZ_SAN)
FUZZ_LIB     := $(FUZZ_B)/libminibpf.a
FUZZ_BINS    := $(FUZZ_NAMES:%=$(FUZZ_B)/fuzz_%)
REGRESS_BINS := $(FUZZ_NAMES:%=$(B)/tests/fuzz/regress_%)

TEST_BINS += $(REGRESS_BINS) $(B)/tests/fuzz/mkseeds
CHECKS    += $(foreach n,$(FUZZ_NAMES),\
		"$(B)/tests/fuzz/regress_$(n) tests/fuzz/regress/$(n)/*")

$(FUZZ_B)/loader/%.o: loader/%.c $(LIB_HDRS)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

$(FUZZ_LIB): $(LIB_SRCS:%.c=$(FUZZ_B)/%.o)
	@rm -f $@
	$(AR) rcs $@ $^

$(FUZZ_B)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(FUZZ_LIB)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_LIB) $(LDLIBS)

$(B)/tests/fuzz/regress_%: tests/fuzz/fuzz_%.c tests/fuzz/regress.c \
			   tests/fuzz/fuzz.h $(LIB)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -Itests/fuzz $(LDFLAGS) -o $@ $< tests/fuzz/regress.c \
		$(LIB) $(LDLIBS)

# Seeds are cut afresh each time from what `bpf tests` built; libFuzzer keeps
# what it finds in $(B)/fuzz/corpus/NAME and crashes in crashes/NAME.
fuzz: bpf tests $(FUZZ_BINS)
	@FUZZ_B=$(FUZZ_B) B=$(B) FUZZ_SECONDS=$(FUZZ_SECONDS) \
		sh tests/fuzz/fuzz.sh $(FUZZ_NAMES) -- $(BPF_OBJS) $(CORE_TARGETS)
