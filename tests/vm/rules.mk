# tests/vm: kprobes on real kernels.  The build machine's kernel may have
# no kprobes, so these tests boot Debian's 5.10, 6.1 and 6.12 cloud kernels
# under qemu (tests/vm/run.sh; kernels cached by fetch-kernels.sh).
#
# The test program goes into an initramfs with no libc: it is linked
# static, and built without the sanitizers (SANITIZE=1 cannot link static)
# from the sources it needs rather than the library, so that it builds
# while other parts of the library are in progress.
VM_TEST   := $(B)/tests/vm/kprobe_test
VM_SRCS   := loader/log.c loader/sys.c loader/attach_kprobe.c
VM_CFLAGS := -O2 -g $(WARN) -std=gnu11 -D_GNU_SOURCE -Iloader -Itests

$(VM_TEST): tests/vm/kprobe_test.c tests/harness.h $(VM_SRCS) \
	    loader/internal.h loader/minibpf.h
	@mkdir -p $(@D)
	$(CC) $(VM_CFLAGS) -DT_MAIN -static -o $@ $< $(VM_SRCS)

# What the guest runs: the test program, the static tool once it exists,
# the BPF objects.
VM_DEPS := $(VM_TEST) $(BPF_OBJS)
ifneq ($(wildcard loader/tool/main.c),)
VM_DEPS += $(B)/minibpf-static
endif

TEST_BINS += $(VM_TEST)
TESTS     += tests/vm/run.sh
test: $(VM_DEPS)

demo: $(VM_DEPS)
	@B=$(abspath $(B)) sh tests/vm/demo.sh
