// Writer thread of the bulk loader: owns its own SQLite connection and commits one transaction per
// batch, so parsing and decoding on the main thread run in parallel with the inserts.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { applyWriterPragmas, createBatchInserter } from './frame-columns.mjs';

const db = new Database(workerData.dbPath);
db.pragma('busy_timeout = 10000');
applyWriterPragmas(db);
const insertBatch = createBatchInserter(db);

parentPort.on('message', (msg) => {
  try {
    if (msg.type === 'batch') {
      insertBatch(msg.batch);
      parentPort.postMessage({ type: 'committed', seq: msg.seq });
    } else if (msg.type === 'exec') {
      for (const sql of msg.statements) db.exec(sql);
      parentPort.postMessage({ type: 'committed', seq: msg.seq });
    } else if (msg.type === 'close') {
      db.close();
      parentPort.postMessage({ type: 'closed' });
    }
  } catch (err) {
    parentPort.postMessage({ type: 'error', seq: msg.seq, message: err instanceof Error ? err.message : String(err) });
  }
});
