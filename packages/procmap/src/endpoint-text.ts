/**
 * "address:port" endpoints as OS tools print them: IPv4 "127.0.0.1:80", IPv6 in brackets
 * "[::1]:80" (a "%zone" inside is dropped), wildcards "*:53" / "*:*" (Windows "*:*" for an
 * unconnected UDP peer). The address comes back canonical (ip.ts).
 */
import { canonicalIp } from './ip.js';

export interface Endpoint {
  addr: string;
  port: number;
}

/** `family` decides what a "*" address means (0.0.0.0 or ::). */
export function parseEndpoint(text: string, family: 4 | 6): Endpoint | undefined {
  const colon = text.lastIndexOf(':');
  if (colon <= 0) return undefined;
  let host = text.slice(0, colon);
  const portText = text.slice(colon + 1);
  const port = portText === '*' ? 0 : Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535 || portText === '') return undefined;
  if (host === '*') return { addr: family === 6 ? '::' : '0.0.0.0', port };
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  const addr = canonicalIp(host);
  return addr === undefined ? undefined : { addr, port };
}
