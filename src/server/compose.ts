// The one place where mamoru is wired together (CONVENTIONS §2): from a validated config, open the store,
// start the bus, load the indicator index and the SMS module. The CLI, the server and tests all use it.
import { collectDefaultMetrics, Registry } from 'prom-client';
import {
  AccessService, AuditLog, createPseudonymizer, InProcessBus, openBus, openStorage, systemClock, type Clock, type Config, type EventBus, type Logger, type Storage,
} from '../core/index.js';
import { IndicatorIndex, IndicatorsRepository, IntelService, metaCursorStore, PeerStatusBoard, pullOnce, type PullCursorStore } from '../intel/index.js';
import { CampaignClusterer, ReportIndicators, ReportsRepository, ReportsService } from '../reports/index.js';
import { builtinAllowList, builtinBrands, createSmsModule, REFERENCE_SOURCE, type SmsModule, type SmsService } from '../sms/index.js';
import { ConsentRegistry, LineKeys, SubscriberDirectory } from '../subscribers/index.js';
import { createInfectionNotifier, type InfectionNotifier } from '../devices/index.js';
import { LiveFeed, reportIntakeRecorder, StatsService, StatsStore } from '../monitor/index.js';
import { createFirewallService, PageSessionStore, type FirewallService } from '../firewall/index.js';

export interface Services {
  clock: Clock;
  storage: Storage;
  bus: EventBus;
  audit: AuditLog;
  access: AccessService;
  intel: IntelService;
  reports: ReportsService;
  reportIndicators: ReportIndicators;
  smsModule: SmsModule;
  sms: SmsService;
  metrics: Registry;
  /** Line numbers → E.164 and the line pseudonym (the senderKey of verdict events). */
  lineKeys: LineKeys;
  subscribers: SubscriberDirectory;
  consent: ConsentRegistry;
  /** Constructed only: the devices worker drives onCase, retryFailed and followUp. */
  notifier: InfectionNotifier;
  /** The monitor's roll-ups (written by the stats worker and the report hub) and what is read from them. */
  statsStore: StatsStore;
  /** TAXII pull positions and each peer's feed status. */
  pullCursors: PullCursorStore;
  peerStatus: PeerStatusBoard;
  stats: StatsService;
  /** The live counter's one shared poller. */
  live: LiveFeed;
  /** The firewall's decider (filter settings, quarantine, decision log): the SMPP proxy asks it, the API manages it. */
  firewall: FirewallService;
  /** Hand-off links and sessions of the subscriber's settings page (in the store: any API process answers). */
  pageSessions: PageSessionStore;
  health(): Promise<{ ok: boolean; checks: Record<string, string> }>;
  close(): Promise<void>;
}

export interface ComposeOptions {
  clock?: Clock;
  /** SQLite in memory (tests, eval, benchmarks): nothing touches the data directory. */
  memory?: boolean;
  /** PostgreSQL schema to use (tests). */
  pgSchema?: string;
  /** Skip Node's default process metrics (tests build many apps in one process). */
  defaultMetrics?: boolean;
  /** Use the in-process bus whatever the config says (offline tools such as `devices eval`). */
  inProcessBus?: boolean;
  /** Run the process-wide background tasks: TAXII pulls, the decay of report-derived indicators and the firewall's
   * retention purge, the settings page's purge of expired links and sessions (default true). False for the
   * firewall's decider threads, whose process runs them once. */
  background?: boolean;
}

/** Adds the starter allow-list (official brand domains) where the store has no entry for it yet. */
async function seedAllowList(intel: IntelService, now: number): Promise<number> {
  const missing = builtinAllowList(builtinBrands()).filter((e) => intel.lookup(e.kind, e.value) === undefined);
  if (missing.length === 0) return 0;
  await intel.upsert(missing.map((e) => ({
    kind: e.kind, value: e.value, verdict: 'good' as const, source: REFERENCE_SOURCE, confidence: 1, brand: e.brand, seenAt: now,
    note: 'official domain from the built-in brand catalogue',
  })));
  return missing.length;
}

export async function compose(config: Readonly<Config>, logger: Logger, opts: ComposeOptions = {}): Promise<Services> {
  const clock = opts.clock ?? systemClock;
  const storeOptions = { dataDir: config.storage.dataDir, databaseUrl: config.storage.databaseUrl, memory: opts.memory, pgSchema: opts.pgSchema ?? config.storage.pgSchema };
  const storage = await openStorage(storeOptions, logger);
  let bus: EventBus;
  try {
    bus = opts.inProcessBus ? new InProcessBus({ clock, logger, partitions: config.bus.partitions }) : await openBus(config.bus, { clock, logger });
  } catch (e) {
    await storage.close();
    throw e;
  }
  try {
    const metrics = new Registry();
    if (opts.defaultMetrics !== false) collectDefaultMetrics({ register: metrics, prefix: 'mamoru_' });
    const audit = new AuditLog(storage.db, clock);
    const access = new AccessService(storage.db, clock);
    const intel = new IntelService({ repository: new IndicatorsRepository(storage.db, clock), index: new IndicatorIndex(), bus, clock, logger });
    await intel.start();
    const seeded = await seedAllowList(intel, clock.now());
    if (seeded > 0) logger.info({ seeded }, 'starter allow-list loaded');
    const smsModule = await createSmsModule({
      db: storage.db, bus, clock, logger, metrics, engine: config.engine, pseudonymKey: config.secrets.pseudonymKey,
      indicators: { lookup: (kind, value) => intel.lookupNormalized(kind, value) },
    });
    const reportIndicators = new ReportIndicators({ db: storage.db, intel, senders: smsModule.senders, brands: smsModule.brands, clock });
    const reports = new ReportsService({
      repository: new ReportsRepository(storage.db), engine: smsModule.engine, clock,
      pseudonymize: createPseudonymizer(config.secrets.pseudonymKey), maxBodyChars: config.engine.maxBodyChars, logger,
      indicators: reportIndicators,
      campaigns: new CampaignClusterer(storage.db),
      onStored: reportIntakeRecorder(storage.db),
    });
    const statsStore = new StatsStore(storage.db);
    const stats = new StatsService(statsStore, clock);
    const live = new LiveFeed(stats, config.monitor.liveEveryMs, logger);
    const lineKeys = new LineKeys(config.secrets.pseudonymKey);
    const subscribers = new SubscriberDirectory({ db: storage.db, clock, lineKeys });
    const consent = new ConsentRegistry({ db: storage.db, clock, lineKeys });
    const firewall = createFirewallService({
      db: storage.db, sms: smsModule.service, lineKeys,
      reports, config: config.firewall, enginePolicies: config.engine.policies, clock, logger, metrics,
      ...(storage.capabilities.durable ? { logStore: storeOptions } : {}),
      ...(opts.background === false ? { purgeEveryMs: 0 } : {}),
    });
    const page = config.firewall.page;
    const pageSessions = new PageSessionStore({
      db: storage.db, clock, linkTtlMs: page.linkTtlSeconds * 1000, sessionIdleMs: page.sessionIdleSeconds * 1000, sessionMaxMs: page.sessionMaxSeconds * 1000,
    });
    const notify = createInfectionNotifier({
      notify: config.notify, dataDir: config.storage.dataDir, smsGatewayUrl: config.reports.gatewayUrl,
      db: storage.db, directory: subscribers, consent, audit, clock, metrics, logger,
    });
    // TAXII pulls from configured peers, each on its own schedule; a failing peer is logged and retried next time.
    const cursors = metaCursorStore(storage.db);
    const peerStatus = new PeerStatusBoard(storage.db);
    const timers = (opts.background === false ? [] : config.intel.peers).map((peer) => {
      let running = false;
      const timer = setInterval(() => {
        if (running) return;
        running = true;
        pullOnce(intel, cursors, peer)
          .then(async (r) => {
            logger.info({ peer: peer.name, ...r }, 'TAXII pull');
            await peerStatus.record(peer.name, clock.now(), { imported: r.imported });
          })
          .catch(async (e: unknown) => {
            const error = e instanceof Error ? e.message : String(e);
            logger.warn({ peer: peer.name, err: error }, 'TAXII pull failed');
            await peerStatus.record(peer.name, clock.now(), { error }).catch(() => undefined);
          })
          .finally(() => {
            running = false;
          });
      }, peer.everySeconds * 1000);
      timer.unref();
      return timer;
    });
    // Report-derived confidence decays with time even without new evidence: re-computed every six hours.
    if (opts.background !== false) {
      const decay = setInterval(() => {
        reportIndicators.refreshDecay()
          .then((n) => logger.info({ changed: n }, 'report-derived indicators decayed'))
          .catch((e: unknown) => logger.warn({ err: e instanceof Error ? e.message : String(e) }, 'decay of report-derived indicators failed'));
      }, 6 * 3600_000);
      decay.unref();
      timers.push(decay);
      // Expired settings-page links and sessions are of no use to anyone: deleted every hour.
      const pagePurge = setInterval(() => {
        pageSessions.purgeExpired()
          .then((r) => {
            if (r.links + r.sessions > 0) logger.info(r, 'settings page: expired links and sessions purged');
          })
          .catch((e: unknown) => logger.warn({ err: e instanceof Error ? e.message : String(e) }, 'settings page purge failed'));
      }, 3600_000);
      pagePurge.unref();
      timers.push(pagePurge);
    }
    return {
      clock, storage, bus, audit, access, intel, reports, reportIndicators, smsModule, sms: smsModule.service, metrics,
      lineKeys, subscribers, consent, notifier: notify.notifier, statsStore, stats, live, firewall, pageSessions, pullCursors: cursors, peerStatus,
      async health() {
        const checks: Record<string, string> = {};
        try {
          await storage.db.selectFrom('meta').select('key').limit(1).execute();
          checks.storage = 'ok';
        } catch (e) {
          checks.storage = `failed: ${e instanceof Error ? e.message : String(e)}`;
        }
        checks.indicators = String(intel.stats().indicators);
        return { ok: checks.storage === 'ok', checks };
      },
      async close() {
        for (const t of timers) clearInterval(t);
        live.close();
        notify.close();
        await firewall.close();
        await smsModule.sendersService.stop();
        await intel.stop();
        await bus.close();
        await storage.close();
      },
    };
  } catch (e) {
    await bus.close();
    await storage.close();
    throw e;
  }
}
