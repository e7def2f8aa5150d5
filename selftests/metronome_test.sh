#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# examples/metronome and examples/metronome_client: a name_attach()
# server pulsed by its own timer, with a resource manager on the same
# state, and a client using name_open()/MsgSend() from another process.
set -u
[ "${RESMGR_IN_VM:-}" = 1 ] || { echo "1..0 # SKIP not in a VM"; exit 4; }
top=$(cd "$(dirname "$0")/.." && pwd)
srv=$top/build/examples/metronome/metronome
cli=$top/build/examples/metronome_client/metronome_client
path=/tmp/metronome-test
name=metronome-test
log=/tmp/metronome-test.log

n=0 fails=0
check() {
	local what=$1; shift
	n=$((n + 1))
	if "$@"; then echo "ok $n $what"; else echo "not ok $n $what"; fails=$((fails + 1)); fi
}
field() { sed -n "s/.*$1 \([0-9]*\).*/\1/p"; }
client() { "$cli" -n "$name" "$@"; }

echo "TAP version 13"
echo "1..12"
"$srv" -n "$name" -p "$path" -b 600 -m 3 > "$log" 2>&1 &
server=$!
for _ in $(seq 100); do grep -q ready "$log" && break; sleep 0.1; done
check "server attaches its name and path" grep -q ready "$log"
check "the name is an entry of /dev/name/local" test -L /dev/name/local/$name
check "get: the tempo it started with" \
	sh -c "$cli -n $name get | grep -q '^bpm 600 beats 3 '"
c1=$(client get | field count)
c2=$(client wait 3 | tail -1 | field count)
check "wait: held until the beat, three beats later" \
	test -n "$c1" -a -n "$c2" -a "$((c2 - c1))" -ge 3
check "beats run 1..3 in a measure" \
	sh -c "$cli -n $name wait 6 | sed -n 's/.* beat \([0-9]*\) .*/\1/p' | sort -u | tr -d '\n' | grep -qx 123"
check "set: a new tempo" sh -c "$cli -n $name set 1200 4 | grep -q '^bpm 1200 beats 4 '"
check "set: a tempo out of range is refused" sh -c "! $cli -n $name set 0 2>/dev/null"
check "the resource manager reads the same state" grep -q '^bpm 1200 beats 4 ' "$path"
check "a write to the resource manager sets the tempo" \
	sh -c "echo 'bpm 300 beats 2' > $path && $cli -n $name get | grep -q '^bpm 300 beats 2 '"
check "a bad write is EINVAL and changes nothing" \
	sh -c "! echo 'tempo fast' > $path 2>/dev/null && grep -q '^bpm 300 ' $path"
# A held client that is signalled gets EINTR through the unblock pulse.
"$srv" -n "$name-slow" -p "$path-slow" -b 1 > "$log.slow" 2>&1 &
slow=$!
for _ in $(seq 100); do grep -q ready "$log.slow" && break; sleep 0.1; done
"$cli" -n "$name-slow" wait 2> "$log.cli" &
waiter=$!
# Until it is held: a signal before its MsgSend() only runs its handler.
for _ in $(seq 200); do
	kill -INT $waiter 2>/dev/null || break
	sleep 0.1
done
wait $waiter
check "a signalled waiter is released with EINTR" grep -q 'wait: Interrupted' "$log.cli"
kill -TERM $server $slow
wait $server $slow
check "SIGTERM detaches the name and the path" \
	sh -c "test ! -e /dev/name/local/$name && ! $cli -n $name get 2>/dev/null && test ! -e $path"
umount -l "$path" "$path-slow" 2>/dev/null
rm -f "$path" "$path-slow"
[ $fails = 0 ]
