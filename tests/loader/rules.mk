# tests/loader: loading objects of our own, one feature each (issue 2),
# and the table of broken objects.
LOADER_PROGS := $(patsubst %.bpf.c,$(B)/%.bpf.o,$(wildcard tests/loader/*.bpf.c))
BPF_OBJS  += $(LOADER_PROGS)
TEST_BINS += $(B)/tests/loader/test_load $(B)/tests/tools/mangle
CHECKS    += $(B)/tests/loader/test_load "sh tests/loader/test_tool.sh" \
	     "sh tests/loader/test_deps.sh" \
	     "sh tests/loader/test_errors.sh"

$(B)/tests/tools/mangle: tests/tools/mangle.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -o $@ $<
