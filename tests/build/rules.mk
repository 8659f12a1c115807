# tests/build: the build itself.
#   test_plain.sh   plain make with nothing but gcc, make, libelf and
#                   zlib builds a tool that reads the seed example
TESTS  += "sh tests/build/test_plain.sh"
