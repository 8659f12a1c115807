# tests/core: the CO-RE conformance suite (issue 3).  Each case NAME is
# NAME.h + NAME.bpf.c, built twice: NAME.bpf.o (the program, local
# types) and NAME.target.o (-DTARGET: only the "kernel" types, whose .BTF
# is the target).  core_test relocates without a kernel and checks the
# values written (a check); core_run loads and runs them with
# BPF_PROG_TEST_RUN.
CORE_CASES   := $(patsubst tests/core/%.bpf.c,%,$(wildcard tests/core/*.bpf.c))
CORE_OBJS    := $(CORE_CASES:%=$(B)/tests/core/%.bpf.o)
CORE_TARGETS := $(CORE_CASES:%=$(B)/tests/core/%.target.o)
BPF_OBJS     += $(CORE_OBJS)
TEST_DATA    += $(CORE_TARGETS)
TEST_BINS    += $(B)/tests/core/core_test $(B)/tests/core/core_run
CHECKS       += $(B)/tests/core/core_test
TESTS        += $(B)/tests/core/core_run "sh tests/core/test_explain.sh"

$(foreach c,$(CORE_CASES),$(eval \
	$(B)/tests/core/$(c).bpf.o: tests/core/$(c).h tests/core/core.h))

# clang 14 crashes on BPF_TYPE_MATCHES and never emits ENUM64.
CORE_CLANG15 := type_matches enum64
$(foreach c,$(CORE_CLANG15),$(eval \
	$(B)/tests/core/$(c).bpf.o $(B)/tests/core/$(c).target.o: CLANG := clang-15))

$(B)/tests/core/%.target.o: tests/core/%.bpf.c tests/core/%.h tests/core/core.h $(MACRO_HDRS)
	@mkdir -p $(@D)
	$(CLANG) $(BPF_CFLAGS) -DTARGET -c -o $@ $<

$(B)/tests/core/core_test $(B)/tests/core/core_run: \
	$(wildcard tests/core/*.h)
