# tests/hostile: broken inputs and resource safety (issue 6).
#
#   test_inputs.sh   the table of broken objects: each fails `minibpf
#                    inspect` with one message naming the file and fault
#   test_fds         every failure stage of load and attach, many times
#                    in one process: no fd, program or map left behind
#   test_signals.sh  `minibpf run` killed at each stage leaves nothing
#   test_caps.sh     `minibpf run` with only CAP_BPF + CAP_PERFMON works;
#                    without them it says which capability is missing
HOSTILE      := $(B)/tests/hostile
HOSTILE_OBJS := $(HOSTILE)/ldimm64.bpf.o \
		$(HOSTILE)/tp_count.bpf.o \
		$(foreach s,0 1 2 3,$(HOSTILE)/stage$(s).bpf.o)
TEST_DATA += $(HOSTILE_OBJS)
TEST_BINS += $(HOSTILE)/test_fds $(HOSTILE)/ours

$(HOSTILE)/test_fds $(HOSTILE)/ours: tests/hostile/ours.h
CHECKS    += "sh tests/hostile/test_inputs.sh"
TESTS     += $(HOSTILE)/test_fds "sh tests/hostile/test_signals.sh" \
	     "sh tests/hostile/test_caps.sh"

# No -g: no .BTF.ext, whose records would name the cut instructions.
BPF_EXTRA_ldimm64 := -g0

# stages.bpf.c built once per failure stage (0: nothing fails).
$(HOSTILE)/stage%.bpf.o: tests/hostile/stages.bpf.c $(MACRO_HDRS)
	@mkdir -p $(@D)
	$(CLANG) $(BPF_CFLAGS) -DSTAGE=$* -c -o $@ $<

