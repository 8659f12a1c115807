# tests/attach: attaching on the running kernel (issue 5) and reading
# back through ring and perf buffers; nothing may be left behind.
ATTACH_PROGS := $(patsubst %.bpf.c,$(B)/%.bpf.o,$(wildcard tests/attach/*.bpf.c))
BPF_OBJS  += $(ATTACH_PROGS)
TEST_BINS += $(B)/tests/attach/test_attach $(B)/tests/attach/attach_target \
	     $(B)/tests/attach/bpf_ids
# fentry/fexit: this machine's kernel refuses to load them (EPERM before
# the verifier, libbpf too), so they run in the VMs (tests/vm) instead.
ATTACH_VM_ONLY := fentry_sees_the_arguments_of_ksys_lseek \
		  fexit_sees_the_return_value_of_ksys_lseek
TESTS     += "$(B)/tests/attach/test_attach $(addprefix -,$(ATTACH_VM_ONLY))" \
	     "sh tests/attach/test_run.sh"

$(B)/tests/attach/test_attach: tests/attach/bpf_ids.h

# The uprobe target: plain, with its symbol table (not stripped).
$(B)/tests/attach/attach_target: tests/attach/attach_target.c
	@mkdir -p $(@D)
	$(CC) -O2 -g -o $@ $<

$(B)/tests/attach/bpf_ids: tests/attach/bpf_ids.c tests/attach/bpf_ids.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -o $@ $<
