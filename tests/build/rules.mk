# tests/build: the build and the layout.
#   toc.sh          loader/internal.h is the one table of contents: a
#                   heading per loader file, in README's reading order
#   test_plain.sh   plain make with nothing but gcc, make, libelf and
#                   zlib builds a tool that reads the seed example
CHECKS += "sh tests/build/toc.sh"
TESTS  += "sh tests/build/test_plain.sh"
