#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# examples/sample, a QNX resource manager built against libresmgr, used
# by ordinary programs: the library and the module together.
set -u
[ "${RESMGR_IN_VM:-}" = 1 ] || { echo "1..0 # SKIP not in a VM"; exit 4; }
top=$(cd "$(dirname "$0")/.." && pwd)
path=/tmp/sample-test
log=/tmp/sample-test.log
text="Hello from $path"
size=$((${#text} + 1))

n=0 fails=0
check() {
	local name=$1; shift
	n=$((n + 1))
	if "$@"; then echo "ok $n $name"; else echo "not ok $n $name"; fails=$((fails + 1)); fi
}
count() { grep -c "^sample: $1\$" "$log"; }

echo "TAP version 13"
echo "1..9"
"$top/build/examples/sample/sample" "$path" > "$log" 2>&1 &
server=$!
for _ in $(seq 100); do grep -q ready "$log" && break; sleep 0.1; done
check "server attaches $path" grep -q ready "$log"
check "cat reads the text" test "$(cat "$path")" = "$text"
check "echo writes reach io_write" sh -c "echo hi-there > $path && sleep 0.2 && grep -q 'hi-there' $log"
check "dd honours the offset" test "$(dd if="$path" bs=6 skip=1 count=1 status=none)" = "from /"
check "python pread and lseek" test "$(python3 -c "
import os
fd = os.open('$path', os.O_RDONLY)
print(os.pread(fd, 4, 6).decode(), os.lseek(fd, 0, os.SEEK_END), os.lseek(fd, 0, os.SEEK_CUR))")" = "from $size $size"
check "stat sees the iofunc attr" test "$(stat -c '%a %s' "$path")" = "666 $size"
before_dup=$(count close_dup) before_ocb=$(count close_ocb)
python3 -c "
import os
fd = os.open('$path', os.O_RDONLY)
a = os.dup(fd); b = os.dup2(fd, 50)
os.close(a); os.close(fd); os.close(b)"
sleep 0.3
check "three closes, three close_dup" test $(($(count close_dup) - before_dup)) = 3
check "one open, one close_ocb" test $(($(count close_ocb) - before_ocb)) = 1
kill -9 $server
for _ in $(seq 50); do [ -e "$path" ] || break; sleep 0.1; done
check "a killed server leaves no name or placeholder" test ! -e "$path"
umount -l "$path" 2>/dev/null; rm -f "$path"
[ $fails = 0 ]
