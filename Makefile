# SPDX-License-Identifier: GPL-2.0
#
# resmgr top-level build.
#
#   make            module for every available kernel, libresmgr, examples,
#                   selftests and benchmarks (all under build/)
#   make check      every test: static checks, library unit tests, and the
#                   selftests + KUnit inside VMs on each kernel
#   make demo       examples/sample served in a VM, used by cat/echo/python
#   make bench      resmgr vs FUSE vs /dev/zero vs a pipe, in one VM
#   make fuzz       the protocol fuzzer's long pass (not a test): 10^6
#                   mutated replies on the debug kernel, output streamed;
#                   FUZZ_ROUNDS, FUZZ_SEED, FUZZ_KERNEL, FUZZ_TIMEOUT (s)
#   make install    libresmgr, headers and libresmgr.pc (PREFIX, DESTDIR;
#                   LIBDIR, INCDIR): the headers go below $(INCDIR)/resmgr/,
#                   which only `pkg-config --cflags libresmgr` puts on a
#                   build's include path
#
# The kernel module itself is built by Kbuild; tools/build-modules runs it
# once per kernel into build/<kernel>/.

PREFIX	?= /usr/local
LIBDIR	?= $(PREFIX)/lib
INCDIR	?= $(PREFIX)/include
DESTDIR	?=
# Everything libresmgr installs for a compiler: its QNX headers, the
# shadowing headers of compat/ (QNX's additions to libc's own headers,
# each ending in #include_next), and the uapi header, in linux/.
PKGINCDIR := $(INCDIR)/resmgr

B	:= build
CC	?= gcc
CFLAGS	?= -O2 -g
WARN	:= -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	   -Wno-unused-parameter
CPPFLAGS_LIB := -Iuapi -Iuserlib/compat -Iuserlib/include -D_GNU_SOURCE
LDLIBS_LIB := -lpthread
# The library and the Linux-side tests read directories and map memory
# as Linux programs: glibc's struct dirent and mmap() (compat/dirent.h
# and compat/sys/mman.h give QNX's otherwise).
LINUX_DIRENT := -DRESMGR_LINUX_DIRENT -DRESMGR_LINUX_MMAP
# The library exports only what its headers declare (__RESMGR_BEGIN_DECLS
# in <sys/resmgr_cdefs.h>) and its version script lists.
LIB_VIS	:= -fvisibility=hidden
LIB_MAP	:= userlib/libresmgr.map

VERSION	:= 0.1.0

# ---------------------------------------------------------------- library
# One directory per layer of the library (userlib/README.md).
LIB_SRCS := $(wildcard userlib/src/*/*.c)
LIB_OBJS := $(LIB_SRCS:userlib/src/%.c=$(B)/userlib/obj/%.o)
LIB_PIC  := $(LIB_SRCS:userlib/src/%.c=$(B)/userlib/pic/%.o)
LIB_HDRS := $(shell find userlib/include userlib/compat -name '*.h' 2>/dev/null)
LIBA	 := $(B)/userlib/libresmgr.a
# mount(8) and umount(8) helpers (one program, two names).
LIB_TOOLS := $(B)/userlib/mount.resmgr $(B)/userlib/umount.resmgr
SBINDIR	 ?= /sbin
LIBSO	 := $(B)/userlib/libresmgr.so.0

# ----------------------------------------------------------- test programs
UNIT_SRCS := $(wildcard userlib/tests/*.c)
UNIT_BINS := $(UNIT_SRCS:userlib/tests/%.c=$(B)/userlib/tests/%)
SELF_SRCS := $(wildcard selftests/*_test.c)
SELF_BINS := $(SELF_SRCS:selftests/%.c=$(B)/selftests/%)
SELF_HELPER_SRCS := $(filter-out $(SELF_SRCS),$(wildcard selftests/*.c))
SELF_HELPERS := $(SELF_HELPER_SRCS:selftests/%.c=$(B)/selftests/%)
EXAMPLE_DIRS := $(patsubst %/,%,$(dir $(wildcard examples/*/*.c)))
EXAMPLE_BINS := $(foreach d,$(sort $(EXAMPLE_DIRS)),$(B)/$(d)/$(notdir $(d)))
# The QNX-source corpus (selftests/qnx-sources/README), built the way
# its static stage builds it, for selftests/corpus_test to run in the VM.
CORPUS_SRCS := $(wildcard selftests/qnx-sources/*.c)
CORPUS_BINS := $(CORPUS_SRCS:selftests/qnx-sources/%.c=$(B)/qnx-sources/%)
CORPUS_CFLAGS := -Wall -Werror -Werror=implicit-function-declaration \
	-Werror=incompatible-pointer-types -Werror=int-conversion
BENCH_SRCS := $(wildcard bench/*.c)
BENCH_BINS := $(BENCH_SRCS:bench/%.c=$(B)/bench/%)

KSFT_DIR = $(shell tools/linux-source)/tools/testing/selftests

.PHONY: all modules userlib examples selftests corpus unit bench-progs check \
	demo bench fuzz install clean setup
all: modules userlib examples selftests corpus unit bench-progs

modules:
	tools/build-modules

userlib: $(LIBA) $(LIBSO) $(B)/userlib/libresmgr.pc $(LIB_TOOLS)
examples: $(EXAMPLE_BINS)
selftests: $(SELF_BINS) $(SELF_HELPERS)
corpus: $(CORPUS_BINS)
unit: $(UNIT_BINS)
bench-progs: $(BENCH_BINS)

LIB_PRIV_HDRS := $(wildcard userlib/src/*.h userlib/src/*/*.h)

$(B)/userlib/obj/%.o: userlib/src/%.c $(LIB_HDRS) $(LIB_PRIV_HDRS) uapi/linux/resmgr.h
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_LIB) $(LINUX_DIRENT) $(CFLAGS) $(WARN) $(LIB_VIS) -Iuserlib/src -c -o $@ $<

$(B)/userlib/pic/%.o: userlib/src/%.c $(LIB_HDRS) $(LIB_PRIV_HDRS) uapi/linux/resmgr.h
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_LIB) $(LINUX_DIRENT) $(CFLAGS) $(WARN) $(LIB_VIS) -Iuserlib/src -fPIC -c -o $@ $<

$(LIBA): $(LIB_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@
	ar rcs $@ $^

$(B)/userlib/mount.resmgr: userlib/tools/mount.resmgr.c $(LIBA) $(LIB_HDRS)
	$(CC) $(CPPFLAGS_LIB) $(CFLAGS) $(WARN) -o $@ $< $(LIBA) $(LDLIBS_LIB)

$(B)/userlib/umount.resmgr: $(B)/userlib/mount.resmgr
	ln -sf mount.resmgr $@

$(LIBSO): $(LIB_PIC) $(LIB_MAP)
	@mkdir -p $(dir $@)
	$(CC) -shared -Wl,-soname,libresmgr.so.0 -Wl,--version-script=$(LIB_MAP) \
		-Wl,--no-undefined-version -Wl,-z,defs -o $@ $(LIB_PIC) $(LDLIBS_LIB)
	ln -sf libresmgr.so.0 $(B)/userlib/libresmgr.so

# The .pc names the directories of the install it describes: `make
# install` writes it again with its own PREFIX/LIBDIR/INCDIR, since they
# may differ from the ones `make` ran with.
PC_SED = sed -e 's|@PREFIX@|$(PREFIX)|; s|@LIBDIR@|$(LIBDIR)|; s|@INCDIR@|$(INCDIR)|; s|@VERSION@|$(VERSION)|'
$(B)/userlib/libresmgr.pc: userlib/libresmgr.pc.in Makefile
	@mkdir -p $(dir $@)
	$(PC_SED) $< > $@

# The unit tests use kselftest_harness.h; in the 6.12 one, FIXTURE_SETUP()
# and FIXTURE_TEARDOWN() define functions of external linkage (later
# harnesses make them static).  Everything a test defines itself is static.
$(B)/userlib/tests/%: userlib/tests/%.c userlib/tests/testlib.h $(LIBA) $(LIB_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_LIB) $(CFLAGS) $(WARN) -Wno-missing-prototypes -Iuserlib/src -isystem $(KSFT_DIR) -o $@ $< $(LIBA) $(LDLIBS_LIB)

# Examples are built the way a QNX developer builds them: their own
# sources, the library's headers, and -lresmgr.
.SECONDEXPANSION:
$(B)/examples/%: $$(wildcard examples/$$(firstword $$(subst /, ,$$*))/*.c) $(LIBA)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_LIB) $(CFLAGS) $(WARN) -o $@ $(filter %.c,$^) $(LIBA) $(LDLIBS_LIB)

$(B)/selftests/%: selftests/%.c $(wildcard selftests/*.h) $(LIBA)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_LIB) $(LINUX_DIRENT) -I$(KSFT_DIR) $(CFLAGS) -Wall -Werror -o $@ $< $(LIBA) $(LDLIBS_LIB)

# Only what `pkg-config --cflags --libs libresmgr` gives an installed
# build (compat/ and include/, the uapi header, the library), no tree
# flags: the corpus must not lean on _GNU_SOURCE or -W settings of ours.
$(B)/qnx-sources/%: selftests/qnx-sources/%.c selftests/qnx-sources/tap.h $(LIBA) $(LIB_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(CORPUS_CFLAGS) -Iuserlib/compat -Iuserlib/include -Iuapi -o $@ $< $(LIBA) $(LDLIBS_LIB)

FUSE_CFLAGS = $(shell pkg-config --cflags fuse3)
FUSE_LIBS = $(shell pkg-config --libs fuse3)
$(B)/bench/%: bench/%.c $(wildcard bench/*.h) $(LIBA)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_LIB) $(FUSE_CFLAGS) $(CFLAGS) $(WARN) -o $@ $< $(LIBA) $(LDLIBS_LIB) $(FUSE_LIBS)

# ------------------------------------------------------------------ driving
setup:
	tools/setup

check: all
	tools/run-tests

demo: all
	tools/demo

bench: all
	tools/bench

# selftests/fuzz_test's long pass; Documentation/testing.rst, "The
# protocol fuzzer".  The guest gets no environment from here: the
# settings go on the command line.
FUZZ_ROUNDS	?= 1000000
FUZZ_SEED	?=
FUZZ_KERNEL	?= debug
FUZZ_TIMEOUT	?= 43200
fuzz: modules $(B)/selftests/fuzz_test
	tools/vm-run --kernel $(FUZZ_KERNEL) --timeout $(FUZZ_TIMEOUT) -- \
		$(B)/selftests/fuzz_test -n $(FUZZ_ROUNDS) $(if $(FUZZ_SEED),-s $(FUZZ_SEED))

install: $(LIBA) $(LIBSO) $(LIB_TOOLS)
	install -d $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(PKGINCDIR)
	install -m 644 $(LIBA) $(DESTDIR)$(LIBDIR)/
	install -m 755 $(LIBSO) $(DESTDIR)$(LIBDIR)/
	ln -sf libresmgr.so.0 $(DESTDIR)$(LIBDIR)/libresmgr.so
	$(PC_SED) userlib/libresmgr.pc.in > $(DESTDIR)$(LIBDIR)/pkgconfig/libresmgr.pc
	chmod 644 $(DESTDIR)$(LIBDIR)/pkgconfig/libresmgr.pc
	cd userlib/include && find . -name '*.h' -exec install -D -m 644 {} $(DESTDIR)$(PKGINCDIR)/{} \;
	test ! -d userlib/compat || { cd userlib/compat && find . -name '*.h' \
		-exec install -D -m 644 {} $(DESTDIR)$(PKGINCDIR)/compat/{} \; ; }
	install -D -m 644 uapi/linux/resmgr.h $(DESTDIR)$(PKGINCDIR)/linux/resmgr.h
	install -D -m 755 $(B)/userlib/mount.resmgr $(DESTDIR)$(SBINDIR)/mount.resmgr
	ln -sf mount.resmgr $(DESTDIR)$(SBINDIR)/umount.resmgr

clean:
	rm -rf $(B) bench-results.json
