export * from './engine.js';
export * from './ingest.js';
export * from './evidence-bytes.js';
export * from './time-format.js';
export * from './frame-rows.js';
export * from './timestamps.js';
export * from './evidence-access.js';
export * from './frame-info.js';
