# bench: `make bench`, minibpf against libbpf side by side (issue 7).
# Included by the top-level Makefile.  libbpf is linked here only, into
# the reference programs below; nothing in loader/ or macros/ uses it.
#
#   ref_libbpf        the reference loader: open, load, close with libbpf
#   measure           wall time and peak RSS of two commands, interleaved
#   phases            minibpf's load, stage by stage (links internal.h)
#   btf_find_*        vmlinux BTF parse + one lookup, in-process
#   *-static.stripped the static size comparison (with elf_only, the
#                     libelf-only floor)
#   large.bpf.o       the larger object (bench/large.bpf.c)

BENCH     := $(B)/bench
BENCH_CC  := $(CC) $(CFLAGS)
BENCH_BINS := $(addprefix $(BENCH)/,ref_libbpf measure phases btf_find_mb \
	btf_find_libbpf ref_libbpf-static.stripped elf_only-static.stripped) \
	$(BENCH)/large.bpf.o

$(BENCH)/ref_libbpf $(BENCH)/btf_find_libbpf: $(BENCH)/%: bench/%.c
	@mkdir -p $(@D)
	$(BENCH_CC) -o $@ $< -lbpf $(LDLIBS)

$(BENCH)/measure: bench/measure.c
	@mkdir -p $(@D)
	$(BENCH_CC) -o $@ $<

$(BENCH)/phases $(BENCH)/btf_find_mb: $(BENCH)/%: bench/%.c $(LIB) $(LIB_HDRS)
	@mkdir -p $(@D)
	$(BENCH_CC) -o $@ $< $(LIB) $(LDLIBS)

# Static and stripped, as `make static` builds minibpf.
$(BENCH)/ref_libbpf-static.stripped: bench/ref_libbpf.c
	@mkdir -p $(@D)
	$(BENCH_CC) -static -o $(BENCH)/ref_libbpf-static $< -lbpf $(LDLIBS)
	strip -o $@ $(BENCH)/ref_libbpf-static

$(BENCH)/elf_only-static.stripped: bench/elf_only.c
	@mkdir -p $(@D)
	$(BENCH_CC) -static -o $(BENCH)/elf_only-static $< $(LDLIBS)
	strip -o $@ $(BENCH)/elf_only-static

bench-bins: $(BENCH_BINS)

# deps first (libbpf-dev, strace), then everything the corpus needs.
bench:
	sh scripts/deps.sh
	$(MAKE) all bpf tests static bench-bins
	B=$(B) sh bench/bench.sh

.PHONY: bench-bins

# tests/usdt/libbpf_ref.c: libbpf, as the reference, loads an object built
# with our usdt.bpf.h and reads every argument; make test runs it.  Its
# rule is here because only bench/ may link libbpf.
$(BENCH)/usdt_libbpf_ref: tests/usdt/libbpf_ref.c tests/usdt/usdt_values.h
	@mkdir -p $(@D)
	$(BENCH_CC) -o $@ $< -lbpf $(LDLIBS)
TEST_BINS += $(BENCH)/usdt_libbpf_ref
TESTS     += "$(BENCH)/usdt_libbpf_ref $(B)/tests/usdt"
