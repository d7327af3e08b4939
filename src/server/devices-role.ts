// The devices role: a DevicesWorker on some partitions of the verdict stream, wired to the notifier and the
// consent registry, plus the periodic notice retries and the 72-hour follow-up. `mamoru serve` runs it on every
// partition next to the API (role all); `mamoru worker --role devices --partitions 0-3` runs it alone.
import type { Config, Logger } from '../core/index.js';
import { CasesRepository, DevicesWorker } from '../devices/index.js';
import type { Services } from './compose.js';

export interface DevicesRole {
  worker: DevicesWorker;
  stop(): Promise<void>;
}

export async function startDevicesRole(config: Readonly<Config>, services: Services, logger: Logger, partitions: readonly number[]): Promise<DevicesRole> {
  const db = services.storage.db;
  const worker = new DevicesWorker({
    db, bus: services.bus, clock: services.clock, logger, metrics: services.metrics,
    partitions, partitionCount: config.bus.partitions, notifier: services.notifier,
    optedOut: async () => new Set((await db.selectFrom('consent').select('line_key').where('status', '=', 'opted_out').execute()).map((r) => r.line_key)),
    flushEveryMs: config.devices.flushEveryMs,
    detector: { openLogOdds: config.devices.openLogOdds, quietCloseMs: config.devices.quietCloseHours * 3_600_000 },
  });
  await worker.start();
  const cases = new CasesRepository(db);
  // Notice retries every minute (a failed or interrupted send is due again after its back-off); the 72-hour
  // follow-up on its own, slower schedule. Each skips a turn while the previous run is still going.
  const every = (ms: number, what: string, fn: () => Promise<void>) => {
    let running = false;
    const t = setInterval(() => {
      if (running) return;
      running = true;
      fn()
        .catch((e: unknown) => logger.error({ err: e }, `${what} failed`))
        .finally(() => {
          running = false;
        });
    }, ms);
    t.unref();
    return t;
  };
  const timers = [
    every(60_000, 'infected-handset notice retries', async () => {
      await services.notifier.retryFailed();
    }),
    every(config.devices.followUpEveryMinutes * 60_000, 'infected-handset follow-up', async () => {
      const r = await services.notifier.followUp(services.clock.now(), (lineKey) => cases.lastActivityOf(lineKey));
      if (r.proposed > 0) logger.info(r, 'infected-handset follow-up: actions proposed to the operator queue');
    }),
  ];
  return {
    worker,
    async stop() {
      for (const t of timers) clearInterval(t);
      await worker.stop();
    },
  };
}
