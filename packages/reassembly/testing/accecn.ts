/** Test fixture: TCP headers of an AccECN handshake. */
const hex = (h: string) => Uint8Array.from(h.replace(/\s/g, '').match(/../g)!.map((b) => parseInt(b, 16)));

// The TCP headers of tcpdump's accecn_handshake.pcap (frames 1-3).
export const ACCECN_SYN = hex('4031 0050 741d4a2d 00000000 a1c2 ffff 209c 0000 020405b4 01 030306 0402 080a06af3c1500000000');
export const ACCECN_SYNACK = hex('0050 4031 b128b393 741d4a2e d092 fe88 22a8 0000 020405b4 0402 080aa5e4dec406af3c15 fe0dacc0000001000000000000 030307');
export const ACCECN_ACK = hex('4031 0050 741d4a2e b128b394 c090 0403 20a4 0000 0101 080a06af3cf2a5e4dec4 fe0dacc0000000ffffffffffff 000000');

