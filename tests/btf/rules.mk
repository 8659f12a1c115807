# tests/btf: the `minibpf btf` commands (issue 12): test_dump.sh (dump),
# test_min.sh (min), test_identity.sh (--btf checked against the kernel).
#   $(B)/tests/btf/vmlinux.h   this kernel's types, dumped by minibpf
#   $(B)/tests/btf/NAME.{mine,ref}.o   the project's vmlinux.h programs
#       built against minibpf's header and against bpftool's ($(B)/
#       vmlinux.h, tests/macros): test_dump.sh wants the same code and
#       the same CO-RE relocations from both.
BTFT := $(B)/tests/btf
BTFT_SRCS := bpf/seed.bpf.c tests/vm/progs/lseek.bpf.c tests/macros/core.bpf.c \
	     $(wildcard tests/macros/progs/*.bpf.c)
BTFT_OBJS := $(foreach s,$(BTFT_SRCS),$(BTFT)/$(notdir $(s:.bpf.c=)).mine.o \
			$(BTFT)/$(notdir $(s:.bpf.c=)).ref.o)
TEST_DATA += $(BTFT)/vmlinux.h $(BTFT_OBJS)
TESTS     += "sh tests/btf/test_dump.sh" "sh tests/btf/test_min.sh" \
	     "sh tests/btf/test_identity.sh"

BTFT_CFLAGS := $(BPF_CFLAGS) -DUSE_VMLINUX_H -DHEADERS_MINIBPF -Itests/macros

$(BTFT)/vmlinux.h: $(TOOL)
	@mkdir -p $(@D)
	$(TOOL) btf dump /sys/kernel/btf/vmlinux --format c > $@.tmp
	mv $@.tmp $@

# One pair of rules per source: the header directory is all that differs.
define btft_rules
$(BTFT)/$(notdir $(1:.bpf.c=)).mine.o: $(1) $(BTFT)/vmlinux.h $(MACRO_HDRS)
	$$(CLANG) $$(BTFT_CFLAGS) -I$(BTFT) -c -o $$@ $$<
$(BTFT)/$(notdir $(1:.bpf.c=)).ref.o: $(1) $(B)/vmlinux.h $(MACRO_HDRS)
	@mkdir -p $$(@D)
	$$(CLANG) $$(BTFT_CFLAGS) -I$(B) -c -o $$@ $$<
endef
$(foreach s,$(BTFT_SRCS),$(eval $(call btft_rules,$(s))))

# An object with the BTF kinds old kernels lack: clang 19 emits them all.
BTFT_KINDS := $(BTFT)/kinds.bpf.o
BPF_OBJS   += $(BTFT_KINDS) $(BTFT)/bind.bpf.o $(BTFT)/module.bpf.o \
	      $(BTFT)/module_kfunc.bpf.o
$(BTFT_KINDS): CLANG := clang-19
TEST_BINS  += $(BTFT)/test_sanitize $(BTFT)/test_bind $(BTFT)/test_notes \
	      $(BTFT)/test_modules
TESTS      += $(BTFT)/test_sanitize $(BTFT)/test_bind $(BTFT)/test_modules
CHECKS     += $(BTFT)/test_notes

# For the VMs (guest-btf.sh): a minimal BTF of the seed for this build
# host's kernel, which no VM kernel must take.
$(BTFT)/host.btf: $(TOOL) $(B)/bpf/seed.bpf.o
	@mkdir -p $(@D)
	$(TOOL) btf min --btf /sys/kernel/btf/vmlinux $(B)/bpf/seed.bpf.o -o $@
TEST_DATA += $(BTFT)/host.btf

# For the VMs (tests/vm/files.sh): test_sanitize again, static, since the
# guest has no libc; it finds kinds.bpf.o beside it in /work/btf.
$(BTFT)/vm/test_sanitize: tests/btf/test_sanitize.c tests/harness.h \
			  loader/internal.h $(LIB)
	@mkdir -p $(@D)
	$(CC) $(VM_CFLAGS) -DT_MAIN -static -o $@ $< $(LIB) $(LDLIBS)

# For the VMs: CO-RE against the loop module's BTF (test_module_vm.c).
$(BTFT)/vm/test_module: tests/btf/test_module_vm.c tests/harness.h \
			loader/internal.h $(LIB)
	@mkdir -p $(@D)
	$(CC) $(VM_CFLAGS) -DT_MAIN -static -o $@ $< $(LIB) $(LDLIBS)
