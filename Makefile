# minibpf: plain make.  Targets:
#   make            the library and the tool: a C compiler, libelf, zlib
#   make bpf        the BPF examples and test objects (clang)
#   make tests      the test programs and their data
#   make check      the fast tests: no VM, under a minute
#   make test       every test (tests/run.sh prints the summary)
#   make static     a fully static minibpf (glibc, libelf.a, libz.a);
#                   ARCH=arm64|arm|i386|riscv64|s390x, LIBC=musl: mk/targets.mk
#   make format     clang-format the loader (format-check: what it would change)
#   make demo       the seed example in a VM with a real kernel
#   make fuzz       the libFuzzer harnesses, FUZZ_SECONDS each
#   make bench      minibpf against libbpf, side by side
#   make install    PREFIX=/usr/local DESTDIR=
# SANITIZE=1 builds everything with ASan and UBSan (into build-san/);
# B=DIR builds into DIR instead; WERROR=1 stops on any warning.

CC       ?= cc
CLANG    ?= clang-14
LLVM_STRIP ?= llvm-strip
PREFIX   ?= /usr/local
B        := build$(if $(SANITIZE),-san)

# WERROR=1 (CI) makes every warning an error, in C and BPF builds alike.
WERR     := $(if $(WERROR),-Werror)
WARN     := -Wall -Wextra -Wno-unused-parameter \
	    -Wno-missing-field-initializers $(WERR)
CFLAGS   ?= -O2 -g
CFLAGS   += $(WARN) -std=gnu11 -D_GNU_SOURCE -Iloader
LDLIBS   := -lelf -lz
ifdef SANITIZE
CFLAGS   += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
LDFLAGS  += -fsanitize=address,undefined
endif

# BPF programs: clang 14 is the baseline every example builds with.
BPF_ARCH ?= x86
# <linux/types.h> includes <asm/types.h>, which Debian keeps under the
# host's multiarch directory: clang -target bpf does not look there.
MULTIARCH := $(shell $(CC) -dumpmachine 2>/dev/null)
BPF_CFLAGS := -target bpf -g -O2 -Wall $(WERR) -Wno-unused-function \
	      -D__TARGET_ARCH_$(BPF_ARCH) -Imacros -I/usr/include/$(MULTIARCH)

LIB_SRCS  := $(wildcard loader/*.c)
LIB_HDRS  := $(wildcard loader/*.h)
LIB_OBJS  := $(LIB_SRCS:%.c=$(B)/%.o)
TOOL_SRCS := $(wildcard loader/tool/*.c)
TOOL_OBJS := $(TOOL_SRCS:%.c=$(B)/%.o)
LIB       := $(B)/libminibpf.a
TOOL      := $(B)/minibpf

# Each test area appends to these in its rules.mk: what it builds, and
# its tests, each either in CHECKS (fast, run by check and test) or in
# TESTS (run by test only).
BPF_OBJS  := $(patsubst %.bpf.c,$(B)/%.bpf.o,$(wildcard bpf/*.bpf.c))
TEST_BINS :=
TEST_DATA :=
CHECKS    :=
TESTS     :=

all: $(LIB) $(TOOL)

$(B)/loader/%.o: loader/%.c $(LIB_HDRS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -c -o $@ $<

$(B)/loader/tool/%.o: loader/tool/%.c loader/tool/tool.h $(LIB_HDRS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -c -o $@ $<

$(LIB): $(LIB_OBJS)
	@rm -f $@
	$(AR) rcs $@ $^

$(TOOL): $(TOOL_OBJS) $(LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

MACRO_HDRS := $(shell find macros -name '*.h' 2>/dev/null)

$(B)/%.bpf.o: %.bpf.c $(MACRO_HDRS)
	@mkdir -p $(@D)
	$(CLANG) $(BPF_CFLAGS) $(BPF_EXTRA_$(notdir $*)) -c -o $@ $<

$(B)/tests/%: tests/%.c tests/harness.h $(LIB)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -Itests -DT_MAIN $(LDFLAGS) -o $@ $< $(LIB) $(LDLIBS)

include mk/targets.mk
-include $(sort $(wildcard tests/*/rules.mk))
-include bench/rules.mk

bpf: $(BPF_OBJS)
tests: $(TEST_BINS) $(TEST_DATA)

check: all bpf tests
	@B=$(abspath $(B)) sh tests/run.sh $(CHECKS)

test: all bpf tests
	@B=$(abspath $(B)) sh tests/run.sh $(CHECKS) $(TESTS)

# Style kept by machines: format applies .clang-format to the loader and
# the tool; format-check names the files it would change (CI runs it).
CLANG_FORMAT ?= clang-format-14
FORMAT_SRCS  := $(wildcard loader/*.[ch] loader/tool/*.[ch])
format:
	$(CLANG_FORMAT) -i $(FORMAT_SRCS)
format-check:
	@CLANG_FORMAT=$(CLANG_FORMAT) sh scripts/format-check.sh $(FORMAT_SRCS)

install: $(LIB) $(TOOL)
	install -D -m 755 $(TOOL) $(DESTDIR)$(PREFIX)/bin/minibpf
	install -D -m 644 $(LIB) $(DESTDIR)$(PREFIX)/lib/libminibpf.a
	install -D -m 644 loader/minibpf.h $(DESTDIR)$(PREFIX)/include/minibpf.h
	cd macros && find . -name '*.h' -exec install -D -m 644 {} \
		$(DESTDIR)$(PREFIX)/include/minibpf/{} \;

clean:
	rm -rf build build-san

.PHONY: all static bpf tests check test format format-check install clean \
	demo fuzz bench
.DELETE_ON_ERROR:
