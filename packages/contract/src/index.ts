export * from './dto.js';
export * from './api.js';
export * from './errors.js';
export * from './validate.js';
export * from './envelope.js';
export * from './ipc.js';
export * from './ws-protocol.js';
export * from './ws-client.js';
