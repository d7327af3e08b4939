// The stats role: a StatsWorker keeping the monitor's roll-ups, on some partitions of the verdict stream.
// `mamoru serve` runs it on every partition next to the API (role all); `mamoru worker --role stats` runs it alone.
import type { Config, Logger } from '../core/index.js';
import { StatsWorker } from '../monitor/index.js';
import type { Services } from './compose.js';

export async function startStatsRole(config: Readonly<Config>, services: Services, logger: Logger, partitions: readonly number[]): Promise<StatsWorker> {
  const worker = new StatsWorker({
    db: services.storage.db, bus: services.bus, clock: services.clock, logger, metrics: services.metrics,
    partitions, partitionCount: config.bus.partitions, flushEveryMs: config.monitor.flushEveryMs,
    minuteRetentionMs: config.monitor.minuteRetentionHours * 3_600_000, retentionMs: config.monitor.retentionDays * 86_400_000,
  });
  await worker.start();
  return worker;
}
