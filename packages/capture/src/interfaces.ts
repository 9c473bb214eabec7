/** Capture interfaces with their addresses (libpcap's list; `any` and pseudo-devices included). */
import { pcapAddon, type NativeInterface } from './native.js';

export type CaptureInterface = NativeInterface;

export function listInterfaces(): CaptureInterface[] {
  return pcapAddon().listInterfaces();
}
