// The decision log's own thread: opens its own connection to the store and writes the batches the proxy's thread
// posts, one at a time, in order. A commit (an fsync on SQLite) or a purge then never holds up the event loop that
// forwards messages. Replies carry only an id and a result; a failed write is answered so the rows are kept and
// tried again by the sender.
import { parentPort, workerData } from 'node:worker_threads';
import { openStorage, type OpenStorageOptions, type Storage } from '../../core/index.js';
import { appendDecisions, purgeDecisions } from './decision-store.js';
import type { ThreadReply, ThreadRequest } from './thread-decision-writer.js';

const port = parentPort;
if (!port) throw new Error('decision-log-thread runs as a worker thread only');

// A store that cannot be opened ends the thread (the error reaches the writer, whose waiting calls fail and keep
// their rows; a later call starts a new thread after a back-off).
let storage: Storage | null = await openStorage(workerData as OpenStorageOptions);

let chain: Promise<void> = Promise.resolve();
port.on('message', (req: ThreadRequest) => {
  chain = chain.then(async () => port.postMessage(await handle(req)));
});

async function handle(req: ThreadRequest): Promise<ThreadReply> {
  try {
    if (req.op === 'close') {
      await storage?.close();
      storage = null;
      return { id: req.id, ok: true, n: 0 };
    }
    if (!storage) throw new Error('the store is closed');
    if (req.op === 'write') {
      await appendDecisions(storage, req.rows);
      return { id: req.id, ok: true, n: req.rows.length };
    }
    return { id: req.id, ok: true, n: await purgeDecisions(storage.db, req.before) };
  } catch (e) {
    return { id: req.id, ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}
