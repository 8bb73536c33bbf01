"""Slow and idle clients against a running `quantum serve` (its port is the first argument):
opens N connections (the second argument) that send nothing, half a request head, or a head
whose body never comes; checks that a normal request is answered meanwhile, and that the server
closes every slow connection within the deadline (the third argument, seconds). Exits 0 when
both hold, 1 saying what failed. The sockets live in this process, not the test runner's."""
import socket
import sys
import time
import urllib.request

port, count, deadline = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
slow = []
for i in range(count):
    s = socket.create_connection(("127.0.0.1", port))
    if i % 3 == 1:
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
    elif i % 3 == 2:
        s.sendall(
            b"POST /v1/batch HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            b"Content-Length: 100\r\n\r\n{\"tick"
        )
    s.setblocking(False)
    slow.append(s)

started = time.monotonic()
with urllib.request.urlopen(f"http://127.0.0.1:{port}/v1/candles/AAPL?days=5", timeout=10) as reply:
    if reply.status != 200:
        sys.exit(f"a normal request got {reply.status} among {count} slow connections")
answered = time.monotonic() - started


def closed(s):
    try:
        return s.recv(1) == b""
    except BlockingIOError:
        return False
    except OSError:
        return True


open_ones = list(slow)
while open_ones and time.monotonic() - started < deadline:
    open_ones = [s for s in open_ones if not closed(s)]
    time.sleep(0.05)
if open_ones:
    sys.exit(f"{len(open_ones)} of {count} slow connections still open after {deadline}s")
print(f"normal request answered in {answered * 1000:.0f} ms; {count} slow connections closed "
      f"in {time.monotonic() - started:.1f}s")
