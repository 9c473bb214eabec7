/**
 * @wirewho/dissectors — user dissectors: declarative specs (JSON/YAML) and Wireshark Lua dissectors in
 * a sandboxed Lua VM, with framework-driven desegmentation and application fragment reassembly.
 */
export { loadDissectorFolder, DissectorSet, type LoadOptions, type EndpointResolver } from './loader.js';
export { DeclarativeProtocol } from './declarative.js';
export { parseSpec, dissectorSpecSchema, SpecError, type DissectorSpec, type FieldSpec } from './spec.js';
export { LuaDissectorState, LuaLoadError, LuaCallError, type LuaLimits, type LuaPacketMeta, type LuaCallResult } from './lua/runtime.js';
export { LuaFile, MAX_LIMIT_HITS, type LuaEndpoints, type LuaRunError } from './lua/lua-protocol.js';
export { checkLuaApi } from './lua/api-check.js';
export type {
  DissectorField, DissectorFieldType, DissectorFile, FrameMeta, DissectorResult, Facts, FieldValue, PduTreeNode, UdpPdu, UdpSession, UserProtocol,
} from './types.js';
