export * from './case-index.js';
export * from './frame-batch.js';
export * from './bulk-writer.js';
export { factIndexes, migrations, secondaryIndexes, SCHEMA_VERSION } from './schema.js';
export * from './stream-index.js';
export * from './process-index.js';
export * from './custody-log.js';
export * from './annotations.js';
