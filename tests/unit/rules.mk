# tests/unit: parser and library tests that need neither root nor any
# kernel feature.  Included by the top-level Makefile.

UNIT         := $(B)/tests/unit
LLVM_OBJCOPY ?= llvm-objcopy

TEST_BINS += $(UNIT)/test_btf $(UNIT)/test_perm
CHECKS    += $(UNIT)/test_btf $(UNIT)/test_perm

# btf_sample.c built for both byte orders, and its .BTF and .BTF.ext
# dumped raw: test_btf checks that bpfeb parses to what bpfel does.
BTF_SAMPLE := $(foreach o,bpfel bpfeb,$(addprefix $(UNIT)/btf_sample.$(o),.o .btf .ext))
TEST_DATA  += $(BTF_SAMPLE)

$(UNIT)/btf_sample.%.o: tests/unit/btf_sample.c
	@mkdir -p $(@D)
	$(CLANG) -target $* -g -O2 -c -o $@ $<

# --dump-section also writes an output object: into a scratch file, so
# that the input keeps its time stamp.
$(UNIT)/btf_sample.%.btf: $(UNIT)/btf_sample.%.o
	$(LLVM_OBJCOPY) --dump-section .BTF=$@ $< $@.o && rm -f $@.o

$(UNIT)/btf_sample.%.ext: $(UNIT)/btf_sample.%.o
	$(LLVM_OBJCOPY) --dump-section .BTF.ext=$@ $< $@.o && rm -f $@.o
