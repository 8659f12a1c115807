# tests/bpfapi: the rest of libbpf's BPF-side interface (issue 11):
# BPF_PROG2 and bpf_tail_call_static built with our headers and with
# libbpf's (a reference only) must give the same instructions;
# bpf_tail_call_static and SEC("?...") checked live on this kernel;
# macros/README.md's table of libbpf's names kept current.
BPFAPI_OUT  := $(B)/tests/bpfapi
BPFAPI_SRCS := $(wildcard tests/bpfapi/*.bpf.c)
BPFAPI_OBJS := $(foreach s,$(BPFAPI_SRCS),\
	$(patsubst tests/bpfapi/%.bpf.c,$(BPFAPI_OUT)/%.ours.bpf.o,$(s)) \
	$(patsubst tests/bpfapi/%.bpf.c,$(BPFAPI_OUT)/%.libbpf.bpf.o,$(s)))

TEST_BINS += $(BPFAPI_OUT)/test_bpfapi
TEST_DATA += $(BPFAPI_OBJS) $(BPFAPI_OUT)/core_cast.ours.bpf.o
CHECKS    += "sh tests/bpfapi/test_same_code.sh" \
	     "sh tests/bpfapi/api_names.sh --check"
TESTS     += $(BPFAPI_OUT)/test_bpfapi

$(BPFAPI_OUT)/%.ours.bpf.o: tests/bpfapi/%.bpf.c $(MACRO_HDRS)
	@mkdir -p $(@D)
	$(CLANG) $(BPF_CFLAGS) -c -o $@ $<

# What libbpf 1.1's headers do not have (bpf_core_cast): ours only.
$(BPFAPI_OUT)/%.ours.bpf.o: tests/bpfapi/ours/%.bpf.c $(MACRO_HDRS)
	@mkdir -p $(@D)
	$(CLANG) $(BPF_CFLAGS) -c -o $@ $<

# libbpf's headers: without our -Imacros, <bpf/...> is /usr/include/bpf.
$(BPFAPI_OUT)/%.libbpf.bpf.o: tests/bpfapi/%.bpf.c
	@mkdir -p $(@D)
	$(CLANG) $(filter-out -Imacros,$(BPF_CFLAGS)) -c -o $@ $<
