#!/usr/bin/env python3
"""Makes frag-udp.pcap: the "frag" protocol over loopback UDP port 1338. Each datagram: flags (1 byte:
0x01 fragment, 0x02 last fragment), message id (2 bytes BE), fragment number (2 bytes BE), payload.
Message 1: 3 fragments sent 2,0,1. Message 2: 4 fragments sent 0,3,1,1 (a duplicate),2. Message 3:
fragments 0 and 2 only (incomplete). Message 4: not fragmented. Run as root: python3 make-frag-capture.py"""
import os, socket, struct, subprocess, time

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "frag-udp.pcap")
PORT = 1338

def frag(flags: int, mid: int, num: int, data: bytes) -> bytes:
    return struct.pack(">BHH", flags, mid, num) + data

def pieces(text: bytes, n: int) -> list:
    size = -(-len(text) // n)
    return [text[i * size:(i + 1) * size] for i in range(n)]

M1 = b"The quick brown fox jumps over the lazy dog."
M2 = b"Pack my box with five dozen liquor jugs, then ship it by sea."
M3 = b"This message never arrives whole."

def main() -> None:
    dump = subprocess.Popen(["tcpdump", "-Z", "root", "-i", "lo", "--immediate-mode", "-U", "-s", "0", "-w", OUT, f"udp port {PORT}"])
    time.sleep(1.0)
    rx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    rx.bind(("127.0.0.1", PORT))
    tx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    tx.bind(("127.0.0.1", 40000))
    sends = []
    p1 = pieces(M1, 3)
    for i in (2, 0, 1):
        sends.append(frag(0x01 | (0x02 if i == 2 else 0), 1, i, p1[i]))
    p2 = pieces(M2, 4)
    for i in (0, 3, 1, 1, 2):
        sends.append(frag(0x01 | (0x02 if i == 3 else 0), 2, i, p2[i]))
    p3 = pieces(M3, 3)
    for i in (0, 2):
        sends.append(frag(0x01 | (0x02 if i == 2 else 0), 3, i, p3[i]))
    sends.append(frag(0x00, 4, 0, b"not fragmented"))
    for d in sends:
        tx.sendto(d, ("127.0.0.1", PORT))
        time.sleep(0.02)
    time.sleep(1.5)  # the kernel hands packets to tcpdump in blocks; let the last one arrive
    dump.terminate()
    dump.wait()

if __name__ == "__main__":
    main()
