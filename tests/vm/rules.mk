# tests/vm: kprobes and friends on real kernels.  The build machine's
# kernel may have no kprobes, so these tests boot Debian's 5.10, 6.1 and
# 6.12 cloud kernels under qemu (tests/vm/run.sh; kernels cached by
# fetch-kernels.sh), and make demo boots 6.1 for the seed example.
# The same suite runs on one kernel of each embedded target (arm64,
# armhf, i386, riscv64, s390x: targets.sh), with the same files built
# for that architecture by vm-targets into build/ARCH (mk/targets.mk).
#
# Everything the guest runs goes into an initramfs with no libc, so it
# is linked static; and the sanitizers cannot link static, so the VM
# files always come from the plain build in VM_B (build/), also under
# SANITIZE=1: there, vm-deps runs make again without SANITIZE.
#   kprobe_test   hand-written instructions through attach_kprobe.c
#                 and attach_perf.c (libminibpf.a)
#   obj_test      objects of tests/vm/progs and the seed, through the
#                 library (libminibpf.a)
#   bpf_ids       tests/attach's id lister, for guest-tool.sh
#   trigger       map lookups pinned to a CPU, for the demo
VM_B      := build
VM_CFLAGS := -O2 -g $(WARN) -std=gnu11 -D_GNU_SOURCE -Iloader -Itests \
	     -Itests/attach
VM_PROGS  := $(patsubst %.bpf.c,$(B)/%.bpf.o,$(wildcard tests/vm/progs/*.bpf.c))
BPF_OBJS  += $(VM_PROGS)

VM_TEST   := $(B)/tests/vm/kprobe_test
$(VM_TEST): tests/vm/kprobe_test.c tests/vm/arch.h tests/harness.h \
	    $(LIB_HDRS) $(LIB)
	@mkdir -p $(@D)
	$(CC) $(VM_CFLAGS) -DT_MAIN -static -o $@ $< $(LIB) $(LDLIBS)

# Explicit (static pattern) rules: they win over the top-level
# $(B)/tests/% rule, which links dynamically.
$(B)/tests/vm/obj_test: $(B)/tests/vm/%: tests/vm/%.c tests/vm/arch.h \
			tests/harness.h tests/attach/bpf_ids.h $(LIB_HDRS) $(LIB)
	@mkdir -p $(@D)
	$(CC) $(VM_CFLAGS) -DT_MAIN -static -o $@ $< $(LIB) $(LDLIBS)

$(B)/tests/vm/bpf_ids: tests/attach/bpf_ids.c tests/attach/bpf_ids.h
	@mkdir -p $(@D)
	$(CC) $(VM_CFLAGS) -static -o $@ $<

$(B)/tests/vm/trigger: tests/vm/trigger.c
	@mkdir -p $(@D)
	$(CC) $(VM_CFLAGS) -static -o $@ $<

VM_FILES := $(VM_TEST) $(B)/tests/vm/obj_test $(B)/tests/vm/bpf_ids \
	    $(B)/tests/vm/trigger $(B)/minibpf-static $(B)/bpf/seed.bpf.o \
	    $(B)/tests/loader/fentry.bpf.o $(VM_PROGS) $(B)/tests/btf/kinds.bpf.o \
	    $(B)/tests/btf/host.btf $(B)/tests/btf/vm/test_sanitize \
	    $(B)/tests/btf/vm/test_module $(B)/tests/btf/module.bpf.o \
	    $(B)/tests/btf/module_kfunc.bpf.o

ifdef SANITIZE
vm-deps:
	$(MAKE) SANITIZE= vm-deps
else
vm-deps: $(VM_FILES)
TEST_BINS += $(VM_FILES)
endif

# An embedded target's guest files (make vm-target ARCH=...): the same
# programs, built by its cross compiler against its sysroot
# (mk/targets.mk), in $(TB) beside its static minibpf and BPF objects.
# vm-targets makes them for every target whose compiler is installed.
ifneq ($(TB),$(B))
T_LIB := $(TB)/libminibpf.a
T_VM  := $(addprefix $(TB)/tests/vm/,kprobe_test obj_test bpf_ids trigger)
$(T_LIB): $(patsubst %.c,$(TB)/static/%.o,$(LIB_SRCS))
	@rm -f $@
	$(CROSS_COMPILE)ar rcs $@ $^

$(TB)/tests/vm/kprobe_test $(TB)/tests/vm/obj_test: $(TB)/tests/vm/%: \
		tests/vm/%.c tests/vm/arch.h tests/harness.h \
		tests/attach/bpf_ids.h $(LIB_HDRS) $(T_LIB)
	@mkdir -p $(@D)
	$(T_CC) $(VM_CFLAGS) $(T_CFLAGS) -DT_MAIN -static $(T_LDFLAGS) -o $@ \
		$< $(T_LIB) $(LDLIBS) $(STATIC_EXTRA_LIBS)

$(TB)/tests/vm/bpf_ids: tests/attach/bpf_ids.c tests/attach/bpf_ids.h
	@mkdir -p $(@D)
	$(T_CC) $(VM_CFLAGS) $(T_CFLAGS) -static -o $@ $<

$(TB)/tests/vm/trigger: tests/vm/trigger.c
	@mkdir -p $(@D)
	$(T_CC) $(VM_CFLAGS) $(T_CFLAGS) -static -o $@ $<

vm-target: static $(T_VM) $(TB)/tests/loader/fentry.bpf.o
else
vm-target:
	@echo "make vm-target: ARCH=arm64|arm|i386|riscv64|s390x"; false
endif

vm-targets:
	@MAKE="$(MAKE)" sh tests/vm/build-targets.sh

# Under SANITIZE the VM files are the plain build's all the same, so the
# embedded targets (minutes each under TCG) boot in the plain pass only.
ifdef SANITIZE
TESTS += "B=$(abspath $(VM_B)) VM_AMD64_ONLY=1 sh tests/vm/run.sh"
test: vm-deps
else
TESTS += "B=$(abspath $(VM_B)) sh tests/vm/run.sh"
test: vm-deps vm-targets
endif

demo: vm-deps
	@B=$(abspath $(VM_B)) sh tests/vm/demo.sh

.PHONY: vm-deps vm-target vm-targets
