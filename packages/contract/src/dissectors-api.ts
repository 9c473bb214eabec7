/**
 * User dissectors in the API (issue 7): the Dissectors view lists the files of the dissector folder
 * (declarative specs and Wireshark Lua files) with their protocols, hashes and load errors (with line
 * numbers), switches files on and off, reloads the folder, and sets which folder is used (the app keeps
 * it in its settings). Spread into api.ts's request lists like the casework requests.
 */
import { z } from 'zod';

const folderPath = z.string().min(1).max(4096).refine((p) => !p.includes('\0'), 'path contains NUL');
const relativeFile = z.string().min(1).max(4096).refine((p) => !p.includes('\0'), 'path contains NUL');

export const dissectorRequestSchemas = {
  /** The folder in use, its files and what they registered. */
  dissectors: z.object({}).strict(),
  /** Loads every dissector of `folder` (null: none); files listed in `disabled` are listed but not run. */
  setDissectorFolder: z.object({ folder: folderPath.nullable(), disabled: z.array(relativeFile).max(10_000).optional() }).strict(),
  /** Switches one file (its path relative to the folder) on or off, and reloads. */
  setDissectorEnabled: z.object({ file: relativeFile, enabled: z.boolean() }).strict(),
  /** Reads the folder again (edited or added files). */
  reloadDissectors: z.object({}).strict(),
} as const;

export interface DissectorFieldDto {
  /** Filter name, e.g. crap.length. */
  name: string;
  /** Wireshark type name (FT_UINT32, FT_BYTES, ...). */
  type: string;
  description: string;
}

export interface DissectorFileDto {
  /** Path relative to the folder. */
  file: string;
  kind: 'declarative' | 'lua';
  /** SHA-256 of the file ('' when it could not be read). */
  sha256: string;
  enabled: boolean;
  /** Protocols it defines (lower-case names). */
  protocols: string[];
  /** Fields it registered (enabled and loaded files only). */
  fields: DissectorFieldDto[];
  /** Why it did not load, with the 1-based line when known. */
  error: { message: string; line: number | null } | null;
  /** TCP/UDP ports it claims. */
  tcpPorts: number[];
  udpPorts: number[];
  /** Failed calls in the last ingest (Lua errors, CPU or memory limit hits), and whether it was switched off. */
  runErrors: { count: number; switchedOff: boolean; first: { frame: number; message: string } | null } | null;
}

export interface DissectorsState {
  /** Absolute folder path, or null when no folder is set. */
  folder: string | null;
  files: DissectorFileDto[];
  /** When the folder was (re)loaded, ISO 8601. */
  loadedAt: string | null;
}

export interface DissectorResults {
  dissectors: DissectorsState;
  setDissectorFolder: DissectorsState;
  setDissectorEnabled: DissectorsState;
  reloadDissectors: DissectorsState;
}
