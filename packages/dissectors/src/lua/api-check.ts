/**
 * Load-time check of a Lua dissector's source: uses of the sandbox's missing libraries (io, os,
 * require, load...) and of Wireshark Lua APIs outside Wirewho's subset are reported with their line
 * before the file runs, so a dissector that would fail on its first packet fails when it is loaded.
 * Comments and string literals are blanked first (line breaks kept, so line numbers stay right).
 */

const SANDBOX = ['io', 'os', 'require', 'dofile', 'loadfile', 'load', 'loadstring', 'package', 'debug', 'collectgarbage', 'module'];

const UNSUPPORTED_GLOBALS = [
  'Dissector', 'Listener', 'Dir', 'File', 'FileHandler', 'FrameInfo', 'CaptureInfo', 'Dumper', 'PseudoHeader', 'PrivateTable',
  'register_menu', 'new_dialog', 'TextWindow', 'ProgDlg', 'browser_open_url', 'Pref', 'ProtoExpert', 'register_stat_cmd_arg',
  'retap_packets', 'reload_packets', 'NSTime', 'Int64', 'UInt64', 'ByteArray', 'Struct', 'Address', 'register_filehandler',
  'all_field_infos', 'format_date', 'format_time', 'datafile_path', 'persconffile_path', 'running_superuser', 'report_failure',
];

/** Methods of Wireshark's Lua API that Wirewho does not provide. */
const UNSUPPORTED_METHODS = [
  'add_packet_field', 'add_expert_info', 'add_proto_expert_info', 'add_tvb_expert_info', 'set_generated', 'set_hidden', 'set_len',
  'referenced', 'get_parent', 'bitfield', 'le_bitfield', 'float', 'le_float', 'nstime', 'le_nstime', 'ipv6', 'le_ipv6', 'ustring',
  'le_ustring', 'ustringz', 'le_ustringz', 'strsize', 'uncompress', 'get_dissector', 'add_for_decode_as', 'set_dissector',
  'heuristic_list', 'try', 'remove_all', 'call', 'prefs_changed', 'set_fence', 'clear_fence', 'apply', 'conversation',
];

const PROTOFIELD_OK = new Set(['uint8', 'uint16', 'uint24', 'uint32', 'uint64', 'int8', 'int16', 'int24', 'int32', 'int64', 'framenum', 'string', 'stringz', 'bytes', 'bool', 'ipv4', 'ether']);

export interface ApiProblem {
  message: string;
  line: number;
}

/** The source with comments and string contents replaced by spaces (newlines kept). */
export function blankCommentsAndStrings(src: string): string {
  const out = src.split('');
  const blank = (a: number, b: number) => { for (let k = a; k < b; k++) if (out[k] !== '\n') out[k] = ' '; };
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === '-' && src[i + 1] === '-') {
      const long = /^--\[(=*)\[/.exec(src.slice(i, i + 64));
      const end = long ? src.indexOf(`]${long[1]}]`, i) : src.indexOf('\n', i);
      const stop = end < 0 ? src.length : long ? end + long[1].length + 2 : end;
      blank(i, stop);
      i = stop;
    } else if (c === '[' && /^\[(=*)\[/.test(src.slice(i, i + 64))) {
      const eq = /^\[(=*)\[/.exec(src.slice(i, i + 64))![1];
      const end = src.indexOf(`]${eq}]`, i);
      const stop = end < 0 ? src.length : end + eq.length + 2;
      blank(i + 1, stop - 1);
      i = stop;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < src.length && src[j] !== c && src[j] !== '\n') j += src[j] === '\\' ? 2 : 1;
      blank(i + 1, j);
      i = j + 1;
    } else i++;
  }
  return out.join('');
}

const lineAt = (s: string, index: number) => s.slice(0, index).split('\n').length;

/** Every use of something the sandbox or the API subset lacks, in source order. */
export function checkLuaApi(src: string): ApiProblem[] {
  const code = blankCommentsAndStrings(src);
  const problems: ApiProblem[] = [];
  // A global name: not after '.', ':' or a word character, and not a local or a table key ("x = ...").
  const globalUse = (name: string) => new RegExp(`(?<![.:\\w])${name}(?![\\w])(?!\\s*=[^=])`, 'g');
  const locals = new Set([...code.matchAll(/\blocal\s+(?:function\s+)?([A-Za-z_][\w\s,]*)/g)].flatMap((m) => m[1].split(',').map((s) => s.trim())));
  for (const name of SANDBOX) {
    if (locals.has(name)) continue;
    for (const m of code.matchAll(globalUse(name))) {
      problems.push({ line: lineAt(code, m.index), message: `'${name}' is not available in the Wirewho Lua sandbox (no files, processes, modules or network)` });
    }
  }
  for (const name of UNSUPPORTED_GLOBALS) {
    if (locals.has(name)) continue;
    for (const m of code.matchAll(globalUse(name))) problems.push({ line: lineAt(code, m.index), message: `Wireshark Lua API '${name}' is not supported by Wirewho` });
  }
  for (const m of code.matchAll(/:\s*([A-Za-z_]\w*)\s*[("{']/g)) {
    if (UNSUPPORTED_METHODS.includes(m[1])) problems.push({ line: lineAt(code, m.index), message: `Wireshark Lua API ':${m[1]}()' is not supported by Wirewho` });
  }
  for (const m of code.matchAll(/(?<![.:\w])ProtoField\s*\.\s*([A-Za-z_]\w*)/g)) {
    if (!PROTOFIELD_OK.has(m[1])) problems.push({ line: lineAt(code, m.index), message: `Wireshark Lua API 'ProtoField.${m[1]}' is not supported by Wirewho` });
  }
  for (const m of src.matchAll(/DissectorTable\s*\.\s*get\s*\(\s*["']([^"']*)["']/g)) {
    if (m[1] !== 'tcp.port' && m[1] !== 'udp.port') {
      problems.push({ line: lineAt(src, m.index), message: `Wireshark Lua API 'DissectorTable.get("${m[1]}")' is not supported by Wirewho (only tcp.port and udp.port)` });
    }
  }
  return problems.sort((a, b) => a.line - b.line);
}
