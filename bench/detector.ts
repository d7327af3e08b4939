// Infected-handset detector benchmark, one core, in memory:
//   throughput — InfectionDetector.observe over a stream of verdict events (mostly allowed messages from many
//                lines, with infected lines bursting filtered messages), with event ids as the worker passes them;
//   memory     — heap + typed-array bytes retained per active line after the stream, measured after full GCs.
// Targets (issue): ≥ 20,000 events/s on one core; ≤ 300 bytes of state per active line.
// Usage: node --import tsx bench/detector.ts [--lines 1000000] [--events 3000000] [--json out.json]
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { ManualClock, type SmsVerdictV1 } from '../src/core/index.js';
import { InfectionDetector } from '../src/devices/detector/detector.js';
import { SLOT_BYTES } from '../src/devices/detector/line-table.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) {
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', ...process.argv.slice(1)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
const fullGc = (): void => {
  for (let i = 0; i < 3; i++) gc?.();
};
const arg = (name: string, def: number): number => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const LINES = arg('--lines', 1_000_000);
const EVENTS = arg('--events', 3_000_000);
const jsonAt = process.argv.indexOf('--json');

let seed = 0x2545f491;
function rnd(): number {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 0x1_0000_0000;
}

const recipients = Array.from({ length: 65_536 }, (_, i) => `p1:r${i.toString(36).padStart(21, 'y')}`);
const T0 = Date.parse('2026-11-02T00:00:00Z');
const SPAN = 4 * 3_600_000;
const clock = new ManualClock(T0);

fullGc();
const before = process.memoryUsage();
// Keys shaped like real pseudonyms (p1: + 22 base64url characters); made after the baseline because the
// detector's map keeps them, and dropped before the measurement so only the detector holds them.
let keys: string[] = Array.from({ length: LINES }, (_, i) => `p1:${i.toString(36).padStart(22, 'x')}`);
const detector = new InfectionDetector({ clock });
const ev: SmsVerdictV1 = {
  verdictId: '', at: T0, policy: 'network', action: 'allow', score: 0.01, category: 'personal', brand: null, family: null, fingerprint: 'tf1:0',
  senderKey: '', senderType: 'phone', route: 'handset', reasonCodes: [], indicatorIds: [], recipientKey: null,
};
const INFECTED = Math.max(10, Math.floor(LINES / 2000));
let cases = 0;
const start = process.hrtime.bigint();
for (let i = 0; i < EVENTS; i++) {
  const at = T0 + Math.floor((i / EVENTS) * SPAN);
  clock.set(at);
  // First touch every line once (so the table holds LINES active lines), then a realistic mix: 2 % of events from
  // a small set of infected lines bursting filtered messages, the rest allowed traffic from any line.
  const infected = i >= LINES && rnd() < 0.02;
  const line = i < LINES ? i : infected ? Math.floor(rnd() * INFECTED) : Math.floor(rnd() * LINES);
  ev.verdictId = `e${i}`;
  ev.at = at;
  ev.senderKey = keys[line]!;
  ev.recipientKey = recipients[(i * 2654435761) & 0xffff]!;
  ev.action = infected ? (rnd() < 0.7 ? 'block' : 'warn') : 'allow';
  ev.family = infected ? 'moqhao' : null;
  ev.brand = infected ? 'sagawa' : null;
  ev.fingerprint = infected ? `tf1:${line % 7}` : 'tf1:0';
  if (detector.observe(ev, ev.verdictId)?.type === 'opened') cases++;
}
const secs = Number(process.hrtime.bigint() - start) / 1e9;
keys = [];
fullGc();
const after = process.memoryUsage();
const stats = detector.stats();
const retained = (after.heapUsed - before.heapUsed) + (after.arrayBuffers - before.arrayBuffers);
// The recent-event-id set (100,000 ids, for duplicate suppression) is per worker, not per line: reported apart.
const result = {
  events: EVENTS, lines: LINES, activeLines: stats.activeLines, casesOpened: cases, seconds: Math.round(secs * 100) / 100,
  eventsPerSecond: Math.round(EVENTS / secs), slotBytes: SLOT_BYTES,
  retainedMB: Math.round(retained / 1e5) / 10, bytesPerActiveLine: Math.round(retained / stats.activeLines),
  note: 'bytes per line include the key map, typed arrays with their growth headroom, extras of suspicious lines and the 100,000-entry recent event-id set',
};
console.log(JSON.stringify(result, null, 2));
if (jsonAt > 0) writeFileSync(process.argv[jsonAt + 1]!, `${JSON.stringify(result, null, 2)}\n`);
// Keep the detector reachable until memory was measured.
if (detector.stats().processed < 0) console.log('unreachable');
