#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# examples/memfs used by ordinary tools: a tree made with mkdir -p and
# cp -r comes back identical through diff -r, find, ls -la, python's
# os.scandir, mv, ln and rm -r.
# (posix_fs_test checks the system calls one by one; this checks that
# the pieces work together the way programs combine them.)
set -u
[ "${RESMGR_IN_VM:-}" = 1 ] || { echo "1..0 # SKIP not in a VM"; exit 4; }
top=$(cd "$(dirname "$0")/.." && pwd)
path=/tmp/memfs-test
src=/tmp/memfs-test-src

n=0 fails=0
check() {
	local name=$1; shift
	n=$((n + 1))
	if "$@"; then echo "ok $n $name"; else echo "not ok $n $name"; fails=$((fails + 1)); fi
}

echo "TAP version 13"
echo "1..12"
# A small tree on the VM's own file system to copy in and compare with.
rm -rf "$src"
mkdir -p "$src/a/b/c" "$src/empty"
for i in $(seq 50); do echo "file $i" > "$src/a/f$i"; done
head -c 200000 /dev/urandom > "$src/a/b/c/big"
ln -s ../f1 "$src/a/b/link"

# Its "ready" line comes through a FIFO: no polling.
ready=/tmp/memfs-test.ready
rm -f "$ready"; mkfifo "$ready"
"$top/build/examples/memfs/memfs" "$path" > "$ready" &
server=$!
exec 3< "$ready"
line=
read -r -t 30 line <&3
check "memfs attaches $path" test "${line#memfs: ready}" != "$line"
check "cp -a copies a tree in" cp -a "$src/." "$path/"
check "diff -r sees the same tree" diff -r "$src" "$path"
check "find lists every name" test "$(cd "$src" && find . | sort)" = "$(cd "$path" && find . | sort)"
check "ls -la lists every name" test "$(ls -A "$src/a" | sort)" = "$(ls -la "$path/a" | awk 'NR > 1 && $NF != "." && $NF != ".." { print $NF }' | sort)"
check "python os.scandir sees every name and type" python3 -c '
import os, sys
src, dst = sys.argv[1], sys.argv[2]
want = sorted((e.name, e.is_dir(), e.is_symlink()) for e in os.scandir(src))
got = sorted((e.name, e.is_dir(), e.is_symlink()) for e in os.scandir(dst))
sys.exit(want != got)' "$src/a/b" "$path/a/b"
check "a symlink reads back" test "$(readlink "$path/a/b/link")" = "../f1"
check "cat follows the symlink" test "$(cat "$path/a/b/link")" = "file 1"
check "mv renames a directory" sh -c "mv '$path/a/b' '$path/moved' && test -f '$path/moved/c/big' && test ! -e '$path/a/b'"
check "ln makes a hard link" test "$(ln "$path/a/f2" "$path/hard" && stat -c %h "$path/hard")" = 2
check "rm -r empties it" sh -c "rm -r '$path'/* && test -z \"\$(ls -A '$path')\""
echo kept > "$path/kept"
kill -9 $server
wait $server 2>/dev/null
exec 3<&-
rm -f "$ready"
# Its files lived in its memory: nothing of them is left to see.
check "a killed server's files are gone" test ! -e "$path/kept"
umount -l "$path" 2>/dev/null; rmdir "$path" 2>/dev/null
rm -rf "$src"
[ $fails = 0 ]
