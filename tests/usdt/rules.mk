# tests/usdt: USDT probes (issue 11).  A target program with <sys/sdt.h>
# probes, built by gcc -O2, gcc -O0 and clang -O2 so that its notes hold
# every argument form those compilers emit here, with a shared library
# (libusdt_lib.so) and a semaphore; a BPF program built against our
# usdt.bpf.h and against libbpf's (a reference only); the argument parser
# checked on strings of each architecture.
USDT_OUT     := $(B)/tests/usdt
USDT_TARGETS := $(addprefix $(USDT_OUT)/usdt_target.,gcc-O2 gcc-O0 clang-O2 nopie)
USDT_BPF     := $(USDT_OUT)/usdt_probe.ours.bpf.o $(USDT_OUT)/usdt_probe.libbpf.bpf.o
SDT_INC      := -I/usr/include/$(MULTIARCH)

TEST_BINS += $(USDT_OUT)/test_usdt $(USDT_OUT)/test_usdt_parse
TEST_DATA += $(USDT_TARGETS) $(USDT_OUT)/libusdt_lib.so $(USDT_BPF) \
	     $(USDT_OUT)/usdt_target.static-pie
CHECKS    += $(USDT_OUT)/test_usdt_parse
TESTS     += $(USDT_OUT)/test_usdt "sh tests/usdt/test_run.sh"

$(USDT_OUT)/test_usdt $(USDT_OUT)/test_usdt_parse: loader/usdt.h \
	tests/usdt/usdt_values.h tests/attach/bpf_ids.h

$(USDT_OUT)/libusdt_lib.so: tests/usdt/usdt_lib.c tests/usdt/usdt_values.h
	@mkdir -p $(@D)
	gcc -O2 -g -fPIC -shared -Wl,-soname,libusdt_lib.so $(SDT_INC) -o $@ $<

USDT_TARGET_SRC := tests/usdt/usdt_target.c tests/usdt/usdt_sema.c
$(USDT_OUT)/usdt_target.%: $(USDT_TARGET_SRC) tests/usdt/usdt_values.h $(USDT_OUT)/libusdt_lib.so
	$(firstword $(subst -, ,$*)) -$(lastword $(subst -, ,$*)) -g $(SDT_INC) \
		-o $@ $(USDT_TARGET_SRC) -L$(USDT_OUT) -lusdt_lib

# Fixed addresses: "$sym" constants, and the no-cookie path without a pid.
$(USDT_OUT)/usdt_target.nopie: $(USDT_TARGET_SRC) tests/usdt/usdt_values.h $(USDT_OUT)/libusdt_lib.so
	gcc -O2 -no-pie -g $(SDT_INC) -o $@ $(USDT_TARGET_SRC) -L$(USDT_OUT) -lusdt_lib

$(USDT_OUT)/usdt_probe.ours.bpf.o: tests/usdt/usdt_probe.bpf.c $(MACRO_HDRS)
	@mkdir -p $(@D)
	$(CLANG) $(BPF_CFLAGS) -c -o $@ $<

# libbpf's headers: drop our -Imacros so <bpf/...> is /usr/include/bpf.
$(USDT_OUT)/usdt_probe.libbpf.bpf.o: tests/usdt/usdt_probe.bpf.c
	@mkdir -p $(@D)
	$(CLANG) $(filter-out -Imacros,$(BPF_CFLAGS)) -c -o $@ $<

# The VM suite (tests/vm): a static test and target, since the guest has
# no libc; tests/vm/files.sh puts them in the guest's /work/tests/usdt.
USDT_VM_FILES := $(USDT_OUT)/test_usdt_vm $(USDT_OUT)/usdt_target.static \
		 $(USDT_OUT)/usdt_target.static-pie $(USDT_BPF)

$(USDT_OUT)/usdt_target.static: $(USDT_TARGET_SRC) tests/usdt/usdt_lib.c tests/usdt/usdt_values.h
	@mkdir -p $(@D)
	gcc -O2 -g -static $(SDT_INC) -o $@ $(USDT_TARGET_SRC) tests/usdt/usdt_lib.c

# ET_DYN without shared libraries: the no-cookie path with a pid, in VMs.
$(USDT_OUT)/usdt_target.static-pie: $(USDT_TARGET_SRC) tests/usdt/usdt_lib.c tests/usdt/usdt_values.h
	@mkdir -p $(@D)
	gcc -O2 -g -static-pie $(SDT_INC) -o $@ $(USDT_TARGET_SRC) tests/usdt/usdt_lib.c

$(USDT_OUT)/test_usdt_vm: tests/usdt/test_usdt.c tests/harness.h loader/usdt.h \
			  tests/usdt/usdt_values.h tests/attach/bpf_ids.h $(LIB)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -Itests -DT_MAIN -DUSDT_VM -static -o $@ $< $(LIB) $(LDLIBS)

ifndef SANITIZE
vm-deps: $(USDT_VM_FILES)
TEST_BINS += $(USDT_VM_FILES)
endif

# libbpf_ref.c (libbpf loads our header's object) links libbpf, so its
# rule is in bench/rules.mk, the one place that may.
