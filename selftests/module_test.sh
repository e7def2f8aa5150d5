#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# resmgr.ko unloads cleanly, loads again with parameters, and shows its
# version and parameters in sysfs.  Runs in the VM (tools/vm-run), where
# the runner has loaded build/<kernel>/kmod/resmgr.ko.
set -u

n=0
fails=0
ok() { n=$((n + 1)); echo "ok $n $1"; }
notok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n $1"; }
check() { local name=$1; shift; if "$@"; then ok "$name"; else notok "$name"; fi; }

[ "${RESMGR_IN_VM:-}" = 1 ] || { echo "1..0 # SKIP not in a VM"; exit 4; }
top=$(cd "$(dirname "$0")/.." && pwd)
ko=$top/build/$RESMGR_VM_KERNEL/kmod/resmgr.ko
version=$(sed -n 's/^#define RESMGR_MODULE_VERSION[[:space:]]*"\(.*\)"/\1/p' "$top/kmod/resmgr_i.h")

echo "TAP version 13"
echo "1..7"
# The servers of earlier tests are gone, but their mounts expire
# asynchronously (kmod/expire.c): wait until nothing uses the module.
idle() {
	for _ in $(seq 150); do
		[ "$(cat /sys/module/resmgr/refcnt)" = 0 ] && return 0
		sleep 0.2
	done
	return 1
}

check "loaded with /dev/resmgr" test -c /dev/resmgr
check "version in sysfs" test "$(cat /sys/module/resmgr/version 2>/dev/null)" = "$version"
idle
check "unloads" rmmod resmgr
check "/dev/resmgr gone after unload" test ! -e /dev/resmgr
check "loads with a parameter" insmod "$ko" max_inflight=1048576
check "parameter visible in sysfs" \
	test "$(cat /sys/module/resmgr/parameters/max_inflight 2>/dev/null)" = 1048576
# Leave the module as the runner expects it: loaded with defaults.
check "reloads with defaults" sh -c "rmmod resmgr && insmod '$ko'"
[ $fails = 0 ]
