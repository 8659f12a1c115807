# tests/macros: our BPF-side headers (macros/, issue 4) checked against
# the byte offsets, CO-RE records and helper ids they must produce, and
# against libbpf's headers (Debian libbpf-dev, a reference only: nothing
# outside tests/ includes them).  The Python tests compile their own
# objects into $(B)/tests/macros; make builds what is shared:
#   $(B)/vmlinux.h                 this kernel's types, for vmlinux.h builds
#   $(B)/bpf/seed-vmlinux.bpf.o    the seed example built against it (the
#                                  top-level rule builds the freestanding one)
#   $(B)/tests/macros/progs/NAME.{minibpf,libbpf}.o   realistic programs
MACROS_OUT   := $(B)/tests/macros
MACROS_PROGS := $(patsubst tests/macros/progs/%.bpf.c,%,$(wildcard tests/macros/progs/*.bpf.c))
MACROS_PROG_OBJS := $(foreach p,$(MACROS_PROGS),\
	$(MACROS_OUT)/progs/$(p).minibpf.o $(MACROS_OUT)/progs/$(p).libbpf.o)

TEST_DATA += $(B)/vmlinux.h $(B)/bpf/seed-vmlinux.bpf.o $(MACROS_PROG_OBJS)
CHECKS    += "python3 -B tests/macros/helpers.py" "python3 -B tests/macros/regs.py" \
	     "python3 -B tests/macros/core.py" "python3 -B tests/macros/core32.py" \
	     "python3 -B tests/macros/errors.py" \
	     "python3 -B tests/macros/progs.py"

# vmlinux.h: every type of the running kernel, dumped from its BTF.
# bpftool is used here, at build time only, standing in for what real
# users generate their vmlinux.h with; nothing minibpf ships runs it or
# links libbpf.
BPFTOOL ?= bpftool
$(B)/vmlinux.h:
	@mkdir -p $(@D)
	$(BPFTOOL) btf dump file /sys/kernel/btf/vmlinux format c > $@.tmp
	mv $@.tmp $@

# The seed example, second way: against the full vmlinux.h.
$(B)/bpf/seed-vmlinux.bpf.o: bpf/seed.bpf.c $(B)/vmlinux.h $(MACRO_HDRS)
	@mkdir -p $(@D)
	$(CLANG) $(BPF_CFLAGS) -DUSE_VMLINUX_H -I$(B) -c -o $@ $<

# Realistic programs, with our headers and with libbpf's.
MACROS_PROG_CFLAGS := -target bpf -g -O2 -Wall $(WERR) -D__TARGET_ARCH_$(BPF_ARCH) \
		      -I$(B)
$(MACROS_OUT)/progs/%.minibpf.o: tests/macros/progs/%.bpf.c $(B)/vmlinux.h $(MACRO_HDRS)
	@mkdir -p $(@D)
	$(CLANG) $(MACROS_PROG_CFLAGS) -Imacros -c -o $@ $<
$(MACROS_OUT)/progs/%.libbpf.o: tests/macros/progs/%.bpf.c $(B)/vmlinux.h
	@mkdir -p $(@D)
	$(CLANG) $(MACROS_PROG_CFLAGS) -c -o $@ $<
