#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# examples/pipe, a QNX-style driver on libresmgr: reads block until a
# writer writes (the request is parked and answered later), O_NONBLOCK
# gives EAGAIN, poll/select/epoll wake when data arrives, and a signal
# to a blocked reader reaches io_unblock, which answers EINTR.
set -u
[ "${RESMGR_IN_VM:-}" = 1 ] || { echo "1..0 # SKIP not in a VM"; exit 4; }
top=$(cd "$(dirname "$0")/.." && pwd)
path=/tmp/pipe-test
log=/tmp/pipe-test.log

"$top/build/examples/pipe/pipe" "$path" > "$log" 2>&1 &
server=$!
for _ in $(seq 100); do grep -q ready "$log" && break; sleep 0.1; done
grep -q ready "$log" || { echo "1..0 # SKIP pipe server did not start"; cat "$log"; exit 1; }

python3 - "$path" <<'PY'
import errno, os, select, signal, sys, threading, time

path = sys.argv[1]
results = []

def check(name, cond):
    results.append((name, bool(cond)))

def after(secs, fn):
    t = threading.Timer(secs, fn)
    t.start()
    return t

def write(data):
    fd = os.open(path, os.O_WRONLY)
    os.write(fd, data)
    os.close(fd)

# Non-blocking read of an empty pipe.
fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
try:
    os.read(fd, 10)
    check("O_NONBLOCK read of empty pipe is EAGAIN", False)
except OSError as e:
    check("O_NONBLOCK read of empty pipe is EAGAIN", e.errno == errno.EAGAIN)
os.close(fd)

fd = os.open(path, os.O_RDWR)
p = select.poll()
p.register(fd, select.POLLIN | select.POLLOUT)
ev = dict(p.poll(100))
check("empty pipe: writable, not readable",
      ev.get(fd, 0) & select.POLLOUT and not ev.get(fd, 0) & select.POLLIN)

# A blocking read is parked and answered by a later write.
t0 = time.monotonic()
after(0.2, lambda: write(b"hello"))
data = os.read(fd, 100)
check("blocking read waits for the writer", data == b"hello" and time.monotonic() - t0 > 0.1)

# poll wakes when data arrives.
p = select.poll()
p.register(fd, select.POLLIN)
after(0.2, lambda: write(b"x"))
ev = p.poll(5000)
check("poll wakes when data arrives", ev and ev[0][1] & select.POLLIN)
check("the data is there", os.read(fd, 10) == b"x")

# select too.
after(0.2, lambda: write(b"y"))
r, _, _ = select.select([fd], [], [], 5)
check("select wakes when data arrives", r == [fd])
os.read(fd, 10)

# Edge-triggered epoll: one event per arrival.
ep = select.epoll()
ep.register(fd, select.EPOLLIN | select.EPOLLET)
check("epoll: nothing yet", ep.poll(0.1) == [])
after(0.2, lambda: write(b"z"))
ev = ep.poll(5)
check("epoll (edge) wakes when data arrives", ev and ev[0][1] & select.EPOLLIN)
check("epoll (edge) does not repeat", ep.poll(0.1) == [])
os.read(fd, 10)
ep.close()

# A signal to a blocked reader: io_unblock answers EINTR.
class Interrupted(Exception):
    pass

def on_usr1(sig, frame):
    # Python retries a read that failed with EINTR unless the handler
    # raises (PEP 475); raising shows the read really was interrupted.
    raise Interrupted()

signal.signal(signal.SIGUSR1, on_usr1)
signal.siginterrupt(signal.SIGUSR1, True)
main = threading.get_ident()	# the blocked thread, not the timer's
after(0.2, lambda: signal.pthread_kill(main, signal.SIGUSR1))
try:
    os.read(fd, 10)
    check("a signal ends a blocked read (io_unblock)", False)
except Interrupted:
    check("a signal ends a blocked read (io_unblock)", True)
# The parked read was answered, not left behind: the next write is read.
after(0.2, lambda: write(b"after"))
check("the pipe still works after the unblock", os.read(fd, 10) == b"after")
os.close(fd)

print("TAP version 13")
print("1..%d" % len(results))
for i, (name, ok) in enumerate(results, 1):
    print("%s %d %s" % ("ok" if ok else "not ok", i, name))
sys.exit(0 if all(ok for _, ok in results) else 1)
PY
rc=$?
kill $server 2>/dev/null
wait $server 2>/dev/null
umount -l "$path" 2>/dev/null; rm -f "$path"
exit $rc
