# mk/targets.mk: the static minibpf, for this machine and for the
# embedded targets, glibc or musl.  One target per make run:
#   make static                        glibc, this machine: $(B)/minibpf-static
#   make static ARCH=arm64|arm|i386|riscv64|s390x
#                                      build/ARCH/minibpf-static, and the
#                                      target's BPF objects in build/ARCH
#   make static CROSS_COMPILE=aarch64-linux-gnu-   the same, ARCH from it
#   make static LIBC=musl [ARCH=arm64] build/musl-ARCH/minibpf-static
# Each binary has a .stripped twin, stripped by the target's strip.
# Cross compilers are Debian's gcc-TRIPLET packages; libelf.a and libz.a
# come from a per-target sysroot in $(MINIBPF_CACHE)/sysroot, both made by
# scripts/cross-deps.sh (musl and riscv64 get them built from source).
#
# The static build is for size: its objects are built apart, with -Os
# (the normal build stays -O2 for speed) and no unwind tables (C needs
# none; .eh_frame was 15 KiB on x86_64, and on arm64, where
# -fno-asynchronous-unwind-tables alone keeps them, 12 KiB more), and
# --gc-sections drops the sections of libc.a that nothing calls.
# -ffunction-sections measured a few hundred bytes larger, so it is not
# used.  glibc warns that getpwnam and friends need the shared libc at
# run time; minibpf calls none of them.  The link map (.map beside the
# binary) says where each KiB comes from.

MINIBPF_CACHE ?= $(HOME)/.cache/minibpf
LIBC ?= glibc

# Facts per target: GNU triplet, the kernel's name for the architecture
# in bpf_tracing.h's __TARGET_ARCH_* (i386 adds __i386__, as libbpf's
# header wants), and the byte order of its objects.
triplet_x86_64  := x86_64-linux-gnu
triplet_arm64   := aarch64-linux-gnu
triplet_arm     := arm-linux-gnueabihf
triplet_i386    := i686-linux-gnu
triplet_riscv64 := riscv64-linux-gnu
triplet_s390x   := s390x-linux-gnu
bpfarch_x86_64  := x86
bpfarch_arm64   := arm64
bpfarch_arm     := arm
bpfarch_i386    := x86
bpfarch_riscv64 := riscv
bpfarch_s390x   := s390
bpfend_s390x    := bpfeb
bpfextra_i386   := -D__i386__
# The first word of a triplet or CROSS_COMPILE prefix, or Debian's name,
# -> ARCH.
arch_of_x86_64  := x86_64
arch_of_amd64   := x86_64
arch_of_aarch64 := arm64
arch_of_arm64   := arm64
arch_of_arm     := arm
arch_of_armhf   := arm
arch_of_i686    := i386
arch_of_i386    := i386
arch_of_riscv64 := riscv64
arch_of_s390x   := s390x

HOST_ARCH := $(arch_of_$(shell uname -m))
ifneq ($(CROSS_COMPILE),)
ARCH ?= $(arch_of_$(firstword $(subst -, ,$(CROSS_COMPILE))))
endif
# An unknown ARCH (perhaps from the environment) fails `make static`
# only, not the other targets.
T_ARCH := $(or $(arch_of_$(or $(ARCH),$(HOST_ARCH))),$(ARCH))

# Build directory, compiler, strip and sysroot of the target.
ifneq ($(T_ARCH),$(HOST_ARCH))
CROSS_COMPILE ?= $(triplet_$(T_ARCH))-
endif
ifeq ($(LIBC),musl)
TB       := build/musl-$(T_ARCH)
SYSROOT  := $(MINIBPF_CACHE)/sysroot/musl-$(T_ARCH)
T_CC     := $(SYSROOT)/bin/cc
else ifneq ($(T_ARCH),$(HOST_ARCH))
TB       := build/$(T_ARCH)
SYSROOT  := $(MINIBPF_CACHE)/sysroot/$(T_ARCH)
T_CC     := $(CROSS_COMPILE)gcc
else
TB       := $(B)
T_CC     := $(CC)
endif
T_STRIP  := $(CROSS_COMPILE)strip
# -isystem: musl's <sys/ioctl.h> and the kernel's <linux/ioctl.h> both define
# _IOC (alike); as system headers they may, without a warning.
T_CFLAGS := $(if $(SYSROOT),-isystem $(SYSROOT)/include)
T_LDFLAGS := $(if $(SYSROOT),-L$(SYSROOT)/lib)

ifeq ($(triplet_$(T_ARCH)),)
static:
	@echo "make static: ARCH=$(T_ARCH) is not one of" \
	      "x86_64 arm64 arm i386 riscv64 s390x"
	@false
else
T_OBJS := $(patsubst %.c,$(TB)/static/%.o,$(TOOL_SRCS) $(LIB_SRCS))
T_HDRS := $(wildcard loader/*.h loader/tool/*.h)
T_BIN  := $(TB)/minibpf-static

static: $(T_BIN)

$(TB)/static/%.o: %.c $(T_HDRS) | $(if $(SYSROOT),$(SYSROOT)/.done)
	@mkdir -p $(@D)
	$(T_CC) $(CFLAGS) $(T_CFLAGS) -Os -fno-asynchronous-unwind-tables \
		-fno-unwind-tables \
		-c -o $@ $<

# A sysroot made again (its .done newer) relinks the binary.
$(T_BIN): $(T_OBJS) $(if $(SYSROOT),$(SYSROOT)/.done)
	$(T_CC) -static -Wl,--gc-sections $(LDFLAGS) $(T_LDFLAGS) \
		-Wl,-Map,$@.map -o $@ $(T_OBJS) $(LDLIBS) $(STATIC_EXTRA_LIBS)
	$(T_STRIP) -o $@.stripped $@

ifneq ($(SYSROOT),)
$(SYSROOT)/.done:
	@echo "no sysroot for $(T_ARCH) ($(LIBC)): run" \
	      "scripts/cross-deps.sh $(if $(filter musl,$(LIBC)),musl-)$(T_ARCH)"
	@false
endif

# The target's BPF objects, when it is not this machine's build: the seed
# and the VM suite's programs, for the target's __TARGET_ARCH_ (the
# PT_REGS layout) and byte order, with the target's UAPI headers (the
# cross toolchain's linux-libc-dev).
ifneq ($(TB),$(B))
T_BPF_SRCS := bpf/seed.bpf.c $(wildcard tests/vm/progs/*.bpf.c)
T_BPF := $(patsubst %.bpf.c,$(TB)/%.bpf.o,$(T_BPF_SRCS))
T_UAPI := $(if $(filter $(T_ARCH),$(HOST_ARCH)),/usr/include/$(MULTIARCH),\
	    /usr/$(triplet_$(T_ARCH))/include)
T_BPF_CFLAGS := -target $(or $(bpfend_$(T_ARCH)),bpfel) -g -O2 -Wall $(WERR) \
	-Wno-unused-function -D__TARGET_ARCH_$(bpfarch_$(T_ARCH)) \
	$(bpfextra_$(T_ARCH)) -Imacros -I$(T_UAPI)

static: $(T_BPF)
$(TB)/%.bpf.o: %.bpf.c $(MACRO_HDRS)
	@mkdir -p $(@D)
	$(CLANG) $(T_BPF_CFLAGS) $(BPF_EXTRA_$(notdir $*)) -c -o $@ $<
endif
endif
