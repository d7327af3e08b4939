// Child process for sqlite-storage.test.ts: at time argv[4] (ms since epoch, so every child starts together
// once loaded) opens (and so migrates) the SQLite store in argv[2], writes one meta row named after argv[3],
// and exits 0 on success.
import { openStorage } from '../../src/core/index.js';

const [dir, name, startAt] = process.argv.slice(2);
await new Promise((r) => setTimeout(r, Math.max(0, Number(startAt) - Date.now())));
const s = await openStorage({ dataDir: dir! });
await s.db.insertInto('meta').values({ key: `proc-${name!}`, value: 'ok' }).execute();
await s.close();
