# tests/load: maps, global data and externs loaded into this kernel and
# read back (issue 2).  Programs in tests/progs/, one feature each;
# maps_err_* are broken on purpose.
PROGS_OBJS := $(patsubst %.bpf.c,$(B)/%.bpf.o,$(wildcard tests/progs/*.bpf.c))
BPF_OBJS  += $(PROGS_OBJS)
TEST_BINS += $(B)/tests/load/test_maps
TESTS     += $(B)/tests/load/test_maps

$(PROGS_OBJS): tests/progs/common.h
