import type { Database } from 'better-sqlite3';
import type { FrameBatch } from './frame-batch.js';
export declare const FRAME_INSERT_SQL: string;
export declare function createBatchInserter(db: Database): (batch: FrameBatch) => void;
export declare function applyWriterPragmas(db: Database): void;
export declare const FRAME_FIELD_INSERT_SQL: string;
