import { describe, expect, it } from 'vitest';
import { eventNames } from './api.js';
import { ApiError } from './errors.js';
import { validateRequest } from './validate.js';

describe('capture requests', () => {
  it('accepts a full capture request and a command', () => {
    const args = {
      interfaces: ['lo', 'eth0'], filter: 'udp port 53', snaplen: 65535, promiscuous: false, ringFileMegabytes: 10, ringFiles: 5,
      ringFileSeconds: 60, durationSeconds: 30,
    };
    expect(validateRequest('startCapture', args).args).toEqual(args);
    expect(validateRequest('startCapture', { interfaces: ['any'], count: 100 }).args).toEqual({ interfaces: ['any'], count: 100 });
    expect(validateRequest<'startCommandCapture'>('startCommandCapture', { command: 'ssh host tcpdump -U -w - -i eth0' }).args.command).toBe('ssh host tcpdump -U -w - -i eth0');
    expect(validateRequest('validateCaptureFilter', { filter: '' }).args).toEqual({ filter: '' });
    for (const name of ['listInterfaces', 'interfaceCounters', 'stopCapture', 'captureStatus'] as const) expect(validateRequest(name, {}).args).toEqual({});
  });

  it.each([
    ['no interface', 'startCapture', { interfaces: [] }],
    ['an empty interface name', 'startCapture', { interfaces: [''] }],
    ['NUL in an interface', 'startCapture', { interfaces: ['lo\0'] }],
    ['too many interfaces', 'startCapture', { interfaces: Array.from({ length: 65 }, (_, i) => `if${i}`) }],
    ['a tiny snaplen', 'startCapture', { interfaces: ['lo'], snaplen: 1 }],
    ['a huge snaplen', 'startCapture', { interfaces: ['lo'], snaplen: 1_000_000 }],
    ['a fractional count', 'startCapture', { interfaces: ['lo'], count: 1.5 }],
    ['a negative duration', 'startCapture', { interfaces: ['lo'], durationSeconds: -1 }],
    ['zero ring size', 'startCapture', { interfaces: ['lo'], ringFileMegabytes: 0 }],
    ['promiscuous as text', 'startCapture', { interfaces: ['lo'], promiscuous: 'yes' }],
    ['an unknown option', 'startCapture', { interfaces: ['lo'], monitor: true }],
    ['a huge filter', 'validateCaptureFilter', { filter: 'x'.repeat(8193) }],
    ['NUL in a filter', 'validateCaptureFilter', { filter: 'udp\0' }],
    ['an empty command', 'startCommandCapture', { command: '' }],
    ['NUL in a command', 'startCommandCapture', { command: 'cat a\0b' }],
    ['a command as an array', 'startCommandCapture', { command: ['sh', '-c', 'x'] }],
    ['arguments to stop', 'stopCapture', { force: true }],
  ])('refuses %s', (_why, name, args) => {
    expect(() => validateRequest(name, args)).toThrow(ApiError);
  });

  it('pushes captureStatus as an event', () => {
    expect(eventNames).toContain('captureStatus');
  });
});
