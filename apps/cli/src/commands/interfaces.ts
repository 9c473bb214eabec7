/** `wirewho interfaces [--json]`: the capture interfaces libpcap offers, with their addresses. */
import { CaptureUnavailableError, listInterfaces } from '@wirewho/capture';
import { CliError } from '../errors.js';

export interface InterfacesCommandOptions { json?: boolean }

export function runInterfaces(opts: InterfacesCommandOptions): number {
  let list;
  try {
    list = listInterfaces();
  } catch (err) {
    if (err instanceof CaptureUnavailableError || (err as { code?: string }).code === 'EPCAP') throw new CliError((err as Error).message);
    throw err;
  }
  for (const i of list) {
    if (opts.json) {
      process.stdout.write(`${JSON.stringify(i)}\n`);
      continue;
    }
    const flags = [i.up ? 'up' : 'down', i.running ? 'running' : '', i.loopback ? 'loopback' : ''].filter(Boolean).join(',');
    const addrs = i.addresses.map((a) => a.address).join(' ');
    process.stdout.write(`${i.name}\t${flags}\t${addrs}${i.description ? `\t${i.description}` : ''}\n`);
  }
  return 0;
}
