/** Test support: minimal Ethernet frames (IPv4/IPv6/ARP, optional VLAN tags) built by hand. */
import { Bytes, concat } from './build.js';

const MACS = [0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 1];

export function ethernet(etherType: number, l3: Uint8Array, vlanTags = 0): Uint8Array {
  const b = new Bytes(false).bytes(MACS);
  for (let i = 0; i < vlanTags; i++) b.u16(0x8100).u16(100 + i);
  return concat(b.u16(etherType).build(), l3);
}

/** IPv4 header (no options) + `payloadLen` bytes of transport data. */
export function ipv4(protocol: number, payloadLen: number): Uint8Array {
  return new Bytes(false)
    .u8(0x45).u8(0).u16(20 + payloadLen).u16(1).u16(0x4000).u8(64).u8(protocol).u16(0)
    .bytes([10, 0, 0, 1]).bytes([93, 184, 216, 34])
    .bytes(Array.from({ length: payloadLen }, (_, i) => (i * 7 + 3) & 0xff)).build();
}

export function ipv6(nextHeader: number, payloadLen: number): Uint8Array {
  return new Bytes(false)
    .u32(0x60000000).u16(payloadLen).u8(nextHeader).u8(64)
    .bytes(new Array(15).fill(0)).u8(1).bytes(new Array(15).fill(0)).u8(2)
    .bytes(Array.from({ length: payloadLen }, (_, i) => (i * 5 + 1) & 0xff)).build();
}

/** Ethernet/IPv4 ARP request (28 bytes). */
export function arp(): Uint8Array {
  return new Bytes(false).u16(1).u16(0x0800).u8(6).u8(4).u16(1)
    .bytes([0, 0, 0, 0, 0, 1]).bytes([10, 0, 0, 1]).bytes([0, 0, 0, 0, 0, 0]).bytes([10, 0, 0, 2]).build();
}
