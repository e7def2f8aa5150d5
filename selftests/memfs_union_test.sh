#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Two (and three) examples/memfs stacked at one path, used by ordinary
# tools: a file only the lower one has reads through the union, ls lists
# every name once, a name both have is the upper's until removed there,
# a killed member leaves the other serving; memfs's -b, -a and -O place a
# member before or after the others, or hide an enclosing prefix.
set -u
[ "${RESMGR_IN_VM:-}" = 1 ] || { echo "1..0 # SKIP not in a VM"; exit 4; }
top=$(cd "$(dirname "$0")/.." && pwd)
memfs=$top/build/examples/memfs/memfs
path=/tmp/memfs-union
outer=/tmp/memfs-union-outer

n=0 fails=0
check() {
	local name=$1; shift
	n=$((n + 1))
	if "$@"; then echo "ok $n $name"; else echo "not ok $n $name"; fails=$((fails + 1)); fi
}

# start_memfs VAR ARGS...: run memfs ARGS in the background, its pid in
# VAR once it said "ready" (through a FIFO: no polling); 1 if it did not.
start_memfs() {
	local var=$1 ready line=; shift
	ready=$(mktemp -u /tmp/memfs-union.ready.XXXXXX)
	mkfifo "$ready"
	"$memfs" "$@" > "$ready" &
	printf -v "$var" %s $!
	exec 3< "$ready"
	read -r -t 30 line <&3
	exec 3<&-
	rm -f "$ready"
	[ "${line#memfs: ready}" != "$line" ]
}

stop_memfs() {
	local pid
	for pid in "$@"; do
		kill -9 "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	done
}

# Until no resmgr mount is left on $1 (bounded).
unmounted() {
	for _ in $(seq 300); do
		grep -q " $1 .* - resmgr " /proc/self/mountinfo || return 0
		sleep 0.05
	done
	return 1
}

# Until $1's mounts and the placeholder under them are gone (bounded).
gone() {
	unmounted "$1" || return 1
	for _ in $(seq 300); do
		[ -e "$1" ] || return 0
		sleep 0.05
	done
	return 1
}

# cat $1 gives $2.
reads() { [ "$(cat "$1" 2>&1)" = "$2" ]; }

# memfs "$@" fails at once, saying why.
refused() {
	local out
	out=$(timeout 10 "$memfs" "$@" 2>&1) && return 1
	[ "${out#*exclude each other}" != "$out" ]
}

# The names in $1, one per line, sorted, as ls -A gives them.
names() { ls -A "$1" | sort; }

echo "TAP version 13"
echo "1..17"

# --- a lower and an upper member: the lower filled before the upper came
low="" up=""
check "the lower memfs attaches" start_memfs low "$path"
echo "lower 1" > "$path/low1"
echo "lower both" > "$path/both"
mkdir "$path/dir" && echo "lower inner" > "$path/dir/inner"
check "the upper memfs attaches at the same path" start_memfs up "$path"
echo "upper 1" > "$path/up1"		# no member has it: the upper makes it
echo "upper both" > "$path/both"	# the upper has none: it makes its own
check "cat reads a file only the lower has" reads "$path/low1" "lower 1"
check "a name both have is the upper's" reads "$path/both" "upper both"
check "ls lists the union, each name once" \
	test "$(names "$path" | tr '\n' ' ')" = "both dir low1 up1 "
check "a directory only the lower has lists" test "$(names "$path/dir")" = inner
rm "$path/both"
check "rm takes the upper's name and uncovers the lower's" reads "$path/both" "lower both"
stop_memfs "$up"
check "with the upper killed the lower serves" reads "$path/low1" "lower 1"
check "and the upper's names are gone" test ! -e "$path/up1"
stop_memfs "$low"
check "with both killed the path is gone" gone "$path"

# --- -b: before the plain members, even those that came later
first="" plain="" base=""
start_memfs base "$path"
start_memfs first -b "$path"
start_memfs plain "$path"
echo new > "$path/new"
stop_memfs "$first"
check "memfs -b is asked before a later plain member" test ! -e "$path/new"
stop_memfs "$plain" "$base"
gone "$path"

# --- -a: after the plain members, even those that came earlier
last="" base=""
start_memfs base "$path"
start_memfs last -a "$path"
echo new > "$path/new"
stop_memfs "$last"
check "memfs -a is asked after an earlier plain member" reads "$path/new" new
stop_memfs "$base"
gone "$path"

check "memfs -a -b is refused" refused -a -b "$path"
check "and leaves nothing behind" test ! -e "$path"

# --- -O: a member at a path inside another memfs hides that one's names
out="" in=""
start_memfs out "$outer"
mkdir "$outer/sub" && echo "outer file" > "$outer/sub/file"
start_memfs in "$outer/sub"
check "without -O a name the inner lacks is the outer's" reads "$outer/sub/file" "outer file"
stop_memfs "$in"
unmounted "$outer/sub"
start_memfs in -O "$outer/sub"
check "with -O it is not looked for outside" test ! -e "$outer/sub/file"
echo "inner file" > "$outer/sub/ifile"
check "and the inner serves its own" reads "$outer/sub/ifile" "inner file"
stop_memfs "$in" "$out"
unmounted "$outer"

umount -l "$path" "$outer/sub" "$outer" 2>/dev/null
rmdir "$path" "$outer" 2>/dev/null
[ $fails = 0 ]
