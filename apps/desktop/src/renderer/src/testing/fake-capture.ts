/**
 * The capture requests of the fake API: two interfaces (lo, eth0) whose counters grow with every
 * read, a capture filter check that refuses text containing "prot" as libpcap's syntax error, and
 * captures that run until stopped (each start and stop pushes `captureStatus` like the engine).
 */
import type { CaptureStatusDto, EventName, EventPayloads, RequestArgs, WirewhoService } from '@wirewho/contract';

type CaptureMethods = Pick<WirewhoService, 'listInterfaces' | 'interfaceCounters' | 'validateCaptureFilter' | 'startCapture' | 'stopCapture'
  | 'captureStatus' | 'startCommandCapture'>;

export function fakeIdleCapture(): CaptureStatusDto {
  return {
    state: 'idle', kind: null, interfaces: [], filter: null, command: null, startedAt: null, endedAt: null, frames: 0, bytes: 0, indexed: 0,
    drops: 0, perInterface: [], attribution: null, kernelHooks: null, files: [], reason: null, message: null, hint: null, warnings: [], stderr: '',
    exitCode: null, exitSignal: null,
  };
}

export function fakeCaptureMethods(
  calls: { method: string; args: unknown }[],
  emit: <E extends EventName>(event: E, payload: EventPayloads[E]) => void,
): CaptureMethods {
  let status = fakeIdleCapture();
  let reads = 0;
  const push = () => emit('captureStatus', { ...status });
  return {
    async listInterfaces() {
      calls.push({ method: 'listInterfaces', args: {} });
      return {
        unavailable: null,
        interfaces: [
          { name: 'lo', description: null, loopback: true, up: true, running: true, addresses: [
            { address: '127.0.0.1', netmask: '255.0.0.0', family: 'inet' }, { address: '::1', netmask: null, family: 'inet6' }] },
          { name: 'eth0', description: 'Ethernet', loopback: false, up: true, running: true, addresses: [{ address: '192.0.2.10', netmask: '255.255.255.0', family: 'inet' }] },
        ],
      };
    },
    async interfaceCounters() {
      reads++;
      return { at: reads * 1000, source: '/proc/net/dev', counters: [
        { name: 'lo', rxPackets: reads * 10, txPackets: reads * 10 }, { name: 'eth0', rxPackets: reads * reads, txPackets: 0 }] };
    },
    async validateCaptureFilter(args: RequestArgs<'validateCaptureFilter'>) {
      calls.push({ method: 'validateCaptureFilter', args });
      return args.filter.includes('prot') ? { ok: false, message: 'syntax error' } : { ok: true, message: null };
    },
    async startCapture(args: RequestArgs<'startCapture'>) {
      calls.push({ method: 'startCapture', args });
      status = { ...fakeIdleCapture(), state: 'running', kind: 'interfaces', interfaces: args.interfaces, filter: args.filter ?? null, startedAt: '2026-01-01T00:00:00.000Z' };
      push();
      return { ...status };
    },
    async startCommandCapture(args: RequestArgs<'startCommandCapture'>) {
      calls.push({ method: 'startCommandCapture', args });
      status = { ...fakeIdleCapture(), state: 'running', kind: 'command', command: args.command, startedAt: '2026-01-01T00:00:00.000Z', stderr: 'listening on eth0\n' };
      push();
      return { ...status };
    },
    async stopCapture() {
      calls.push({ method: 'stopCapture', args: {} });
      if (status.state === 'running') {
        status = { ...status, state: 'finished', reason: 'stopped', frames: 42, indexed: 42, drops: 1, endedAt: '2026-01-01T00:00:05.000Z' };
        push();
      }
      return { ...status };
    },
    async captureStatus() {
      return { ...status };
    },
  };
}
