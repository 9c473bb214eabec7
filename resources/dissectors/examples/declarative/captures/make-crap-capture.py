#!/usr/bin/env python3
"""Makes crap-tcp.pcap: the crap protocol (4-byte magic "crap", 4-byte big-endian payload length,
payload) sent over loopback TCP port 1337 by a client that writes odd-sized chunks with TCP_NODELAY
and a pause between writes, so messages are split across segments, several share a segment and one
starts mid-segment. Run as root (tcpdump on lo): python3 make-crap-capture.py"""
import os, socket, struct, subprocess, threading, time

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "crap-tcp.pcap")
PORT = 1337

def msg(payload: bytes) -> bytes:
    return b"crap" + struct.pack(">I", len(payload)) + payload

MESSAGES = [b"hello", b"", b"split header", b"a longer payload that spans three segments " * 2, b"x", b"y", b"z", b"last message"]
STREAM = b"".join(msg(m) for m in MESSAGES)
# Odd chunk sizes: 5 (header split), 14, 3, 21, 33, 17, 40, ... then the rest.
CHUNKS = [5, 14, 3, 21, 33, 17, 40, 9, 11]

def server(ready: threading.Event) -> None:
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", PORT))
    s.listen(1)
    ready.set()
    c, _ = s.accept()
    while c.recv(65536):
        pass
    c.close()
    s.close()

def main() -> None:
    dump = subprocess.Popen(["tcpdump", "-Z", "root", "-i", "lo", "--immediate-mode", "-U", "-s", "0", "-w", OUT, f"tcp port {PORT}"])
    time.sleep(1.0)
    ready = threading.Event()
    t = threading.Thread(target=server, args=(ready,))
    t.start()
    ready.wait()
    c = socket.create_connection(("127.0.0.1", PORT))
    c.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    pos = 0
    for n in CHUNKS:
        c.sendall(STREAM[pos:pos + n])
        pos += n
        time.sleep(0.05)
    c.sendall(STREAM[pos:])
    time.sleep(0.05)
    c.close()
    t.join()
    time.sleep(1.5)  # the kernel hands packets to tcpdump in blocks; let the last one arrive
    dump.terminate()
    dump.wait()

if __name__ == "__main__":
    main()
