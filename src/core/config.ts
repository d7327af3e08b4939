// Configuration: the only file that reads process.env. Sources, later wins: built-in defaults, an optional
// JSON file (MAMORU_CONFIG or --config), environment variables, then CLI overrides. Every invalid key is
// reported at once in one CONFIG_INVALID error; the result is deeply frozen. Secrets are masked by
// `describeConfig` whenever the config is printed or logged.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { AppError } from './errors.js';

const threshold = z.number().min(0).max(1.01);
const policy = z
  .object({
    /** Score at or above which the action is `warn`. */
    warnAt: threshold,
    /** Score at or above which the action is `block` (1.01 = never). */
    blockAt: threshold,
  })
  .strict()
  .refine((p) => p.blockAt >= p.warnAt, { message: 'blockAt must be >= warnAt' });

const schema = z
  .object({
    server: z
      .object({
        host: z.string().min(1),
        port: z.number().int().min(0).max(65535),
        /** Largest accepted HTTP body, bytes. */
        bodyLimitBytes: z.number().int().min(1024).max(64 * 1024 * 1024),
        /** Requests per second allowed per API key (sustained; bursts of twice as many). */
        rateLimitPerKey: z.number().int().min(1).max(1_000_000),
      })
      .strict(),
    storage: z
      .object({
        /** Directory for the embedded SQLite store and other local files. */
        dataDir: z.string().min(1),
        /** PostgreSQL schema to use (several instances in one database); absent = the server's search path. */
        pgSchema: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/, 'letters, digits and underscores').optional(),
        /** postgres://… selects PostgreSQL; absent selects SQLite under dataDir. */
        databaseUrl: z
          .string()
          .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
          .optional(),
      })
      .strict(),
    bus: z
      .object({
        /** nats://… selects NATS JetStream (several servers separated by commas); absent = the in-process bus. */
        url: z
          .string()
          .regex(/^(nats|tls):\/\/[^,\s]+(,\s*(nats|tls):\/\/[^,\s]+)*$/, 'must be nats://host:port (or tls://), comma-separated for several servers')
          .optional(),
        /** Partitions per subject: the most processes a consumer group can spread over. Every process must agree. */
        partitions: z.number().int().min(1).max(1024),
        /** First token of the JetStream subjects and streams, so several deployments can share one NATS server. */
        prefix: z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/, '1–32 lower-case letters, digits, _ and -, starting with a letter'),
        /** How long a durable consumer waits for a worker's acknowledgement before redelivering, ms. A worker
         * acknowledges after each flush (devices.flushEveryMs), so keep this well above that. */
        ackWaitMs: z.number().int().min(500).max(3_600_000),
        /** Events a consumer pulls ahead of its handler per partition (fewer round trips; more waiting in memory). */
        prefetch: z.number().int().min(1).max(10_000),
      })
      .strict(),
    log: z.object({ level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) }).strict(),
    engine: z
      .object({
        policies: z.object({ network: policy, client: policy }).strict(),
        /** Classifier weights file; default is the committed model. */
        modelPath: z.string().min(1),
        /** Longest SMS body accepted, characters (a 10-part concatenated SMS is 670). */
        maxBodyChars: z.number().int().min(70).max(100_000),
        /** Most messages in one batch request. */
        maxBatch: z.number().int().min(1).max(100_000),
        /** Most body characters in one batch request, so one request cannot hold the event loop for long. */
        maxBatchChars: z.number().int().min(1000).max(100_000_000),
      })
      .strict(),
    intel: z
      .object({
        /** This operator's name in what it shares (the STIX identity of its TAXII collection). */
        operatorName: z.string().min(1).max(100),
        /** TAXII peers to pull indicators from, on a schedule (config file only: keys are secrets). */
        peers: z
          .array(
            z
              .object({
                name: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'lower-case letters, digits, - and _'),
                url: z.string().url(),
                key: z.string().min(8),
                /** Seconds between pulls. */
                everySeconds: z.number().int().min(5).max(86_400),
              })
              .strict(),
          )
          .max(50),
      })
      .strict(),
    reports: z
      .object({
        /** The short code subscribers forward scam SMS to. */
        shortCode: z.string().regex(/^[0-9]{3,8}$/, 'must be 3–8 digits'),
        /** Messages one reporter may send to the short code per hour. */
        reporterPerHour: z.number().int().min(1).max(10_000),
        /** How long the 7726 dialogue waits for the sender's number, ms. */
        dialogueTimeoutMs: z.number().int().min(10_000).max(86_400_000),
        /** The carrier gateway's webhook for outgoing replies (HTTP POST {to, from, text}); absent = replies are
         * only returned in the inbound webhook's response. */
        gatewayUrl: z.string().url().optional(),
      })
      .strict(),
    devices: z
      .object({
        /** Log-odds at which the detector opens a case (3 ≈ p 0.95); higher = fewer, later cases. */
        openLogOdds: z.number().min(0).max(20),
        /** A case closes after this many hours without a filtered message from the line. */
        quietCloseHours: z.number().min(0.5).max(24 * 30),
        /** How often a worker writes its state and acknowledges what it applied, ms. */
        flushEveryMs: z.number().int().min(50).max(60_000),
        /** How often the follow-up check (72 h after a notice) and notice retries run, minutes. */
        followUpEveryMinutes: z.number().min(1).max(24 * 60),
      })
      .strict(),
    monitor: z
      .object({
        /** How often the stats worker writes its roll-ups and acknowledges what it counted, ms. */
        flushEveryMs: z.number().int().min(50).max(60_000),
        /** How often the live stream (/v1/stats/live) checks for new counts, ms. */
        liveEveryMs: z.number().int().min(200).max(60_000),
        /** Per-minute roll-ups are kept this many hours (the live counter needs one). */
        minuteRetentionHours: z.number().int().min(2).max(24 * 14),
        /** Hourly and daily roll-ups and sketches are kept this many days. */
        retentionDays: z.number().int().min(31).max(3660),
        /** Serve the built web pages (the monitor at / and the console at /console). */
        web: z.boolean(),
      })
      .strict(),
    firewall: z
      .object({
        /** Where ESMEs and SMSCs bind to the proxy. */
        listen: z.object({ host: z.string().min(1), port: z.number().int().min(0).max(65535) }).strict(),
        /** The SMSC the proxy forwards to (absent: `mamoru firewall` refuses to start). */
        upstream: z
          .object({
            host: z.string().min(1),
            port: z.number().int().min(1).max(65535),
            systemId: z.string().min(1).max(15),
            password: z.string().max(8),
            /** The route of the messages the SMSC delivers through the proxy (deliver_sm, data_sm); absent: unknown. */
            route: z.enum(['handset', 'aggregator', 'international']).optional(),
          })
          .strict()
          .optional(),
        /** Peers allowed to bind, with their credentials (config file only: passwords are secrets). */
        peers: z
          .array(z.object({
            systemId: z.string().min(1).max(15), password: z.string().min(1).max(8),
            /** How this peer's messages reach the network, for the verdict engine (a registered sender is genuine only
             * over an aggregator): aggregator for A2P ESMEs, handset for person-to-person traffic, international for a
             * foreign interconnect. Absent: unknown (smaller credit for registered senders). */
            route: z.enum(['handset', 'aggregator', 'international']).optional(),
          }).strict())
          .max(1000),
        /** What a blocked message gets: reject (an error status to the sender) or drop (accepted, not forwarded). */
        onBlock: z.enum(['reject', 'drop']),
        /** The command_status of a rejected submit_sm / deliver_sm (default 0x45, ESME_RSUBMITFAIL). */
        rejectStatus: z.number().int().min(1).max(0xffffffff),
        /** The delivery receipt an ESME gets for a message it asked one for and the proxy accepted and kept back
         * (dropped, quarantined): delivered (DELIVRD: the sender of a dropped scam learns nothing; a quarantined one is
         * in the subscriber's app), rejected (REJECTD: the sender learns it was filtered), or none (no receipt; the
         * ESME's own expiry ends the message). */
        keptBackReceipts: z.enum(['delivered', 'rejected', 'none']),
        /** A warned message to a line with the client layer: quarantine (held for the app) or forward. */
        onWarn: z.enum(['quarantine', 'forward']),
        /** A message whose text cannot be decoded: pass (fail open, counted) or reject (fail closed). */
        undecodable: z.enum(['pass', 'reject']),
        /** Longest time parts of a concatenated message are held waiting for the rest, ms. */
        concatHoldMs: z.number().int().min(100).max(600_000),
        /** Messages per second one bound session may send before it gets ESME_RTHROTTLED. */
        perSessionPerSecond: z.number().int().min(1).max(1_000_000),
        /** Quarantined messages are kept this many days. */
        quarantineDays: z.number().int().min(1).max(365),
        /** The decision log is kept this many days (default about 6 months). */
        decisionRetentionDays: z.number().int().min(1).max(3660),
        /** Threads that decide messages (classification, settings, quarantine, decision log), each with its own engine
         * and store connection; the SMPP sessions stay on the main thread. 0 = decide on the main thread. */
        deciderThreads: z.number().int().min(0).max(64),
        /** enquire_link period towards the upstream SMSC, ms (a link that does not answer is redialled). */
        enquireLinkMs: z.number().int().min(1000).max(600_000),
        /** How long the proxy waits for the answer to a PDU it sent (forwarded submit, relayed deliver_sm), ms. */
        responseTimeoutMs: z.number().int().min(100).max(120_000),
        /** A connection that has not bound within this time is closed, ms. */
        bindTimeoutMs: z.number().int().min(1000).max(600_000),
        /** Most peer connections at once; more are closed when accepted. */
        maxSessions: z.number().int().min(1).max(100_000),
        /** Where `mamoru firewall` serves GET /metrics (Prometheus, the decider threads' counters included) and
         * GET /healthz (absent: not served). */
        metricsListen: z.object({ host: z.string().min(1), port: z.number().int().min(0).max(65535) }).strict().optional(),
        /** The subscriber's settings page (`/my/sms-settings`), entered through a one-time link that the carrier's own
         * member portal asks for (`POST /v1/filter/{line}/page-link`) after it has signed the subscriber in. */
        page: z
          .object({
            /** Serve the page and the hand-off endpoint. */
            enabled: z.boolean(),
            /** How long a hand-off link can be used (once), seconds. The portal redirects the browser to it at once, so
             * a short time is enough; it is also how long a link someone forwards (to open a session on their line in
             * another's browser) stays usable. */
            linkTtlSeconds: z.number().int().min(30).max(3600),
            /** A page session ends after this long without a request, seconds. */
            sessionIdleSeconds: z.number().int().min(60).max(86_400),
            /** A page session ends this long after it started, however active, seconds. */
            sessionMaxSeconds: z.number().int().min(300).max(86_400),
            /** The session cookie is `Secure` (sent over HTTPS only). mamoru listens on plain HTTP behind the carrier's
             * TLS-terminating proxy and cannot tell by itself, so this is configured; false only for plain-http
             * development on a host other than localhost. */
            secureCookie: z.boolean(),
          })
          .strict()
          .refine((p) => p.sessionMaxSeconds >= p.sessionIdleSeconds, { message: 'sessionMaxSeconds must be >= sessionIdleSeconds' }),
      })
      .strict(),
    notify: z
      .object({
        /** Channels the infected-handset notifier may use; the fallback order is always email → sms → letter. */
        enabled: z.array(z.enum(['email', 'sms', 'letter'])).max(3),
        /** Outgoing mail server for e-mail notices. */
        smtp: z
          .object({
            host: z.string().min(1),
            port: z.number().int().min(1).max(65535),
            /** true = TLS from the start (port 465); false = STARTTLS when the server offers it. */
            secure: z.boolean(),
            user: z.string().min(1).optional(),
            /** Secret: masked by describeConfig. */
            pass: z.string().min(1).optional(),
          })
          .strict(),
        /** The From of e-mail notices, e.g. `"○○モバイル" <notice@example.jp>`. */
        from: z.string().min(3).max(200),
        /** The carrier's name as subscribers know it, shown in every notice. */
        carrierName: z.string().min(1).max(40),
        /** Where subscribers find the carrier's own information, named (never linked), e.g. 公式アプリ「My ○○」. */
        officialSite: z.string().min(1).max(60),
        /** Support contact in Japanese (phone number and hours) for e-mail and letters. Empty = not configured: the
         * notifier sends nothing until it is set. */
        supportContact: z.string().max(300),
        /** Support phone number for SMS notices (digits and hyphens). Empty = not configured. */
        supportPhone: z.string().regex(/^$|^[0-9][0-9-]{8,14}$/, 'digits and hyphens, e.g. 0120-000-000'),
        /** The originator of notice SMS (the carrier's registered sender); absent = no SMS channel. */
        smsSender: z.string().min(3).max(16).optional(),
        /** At most one notice per line in this many days, unless the evidence grows. */
        resendAfterDays: z.number().min(1).max(365),
        /** The evidence has grown when the flagged count reaches this multiple of the count at the last notice. */
        evidenceGrowthFactor: z.number().min(1.1).max(100),
        /** Even when the evidence grew, no second notice sooner than this many hours after the last. */
        minRenoticeHours: z.number().min(0).max(24 * 365),
        /** Hours after a notice when the follow-up check looks for a line that is still sending. */
        followUpHours: z.number().min(1).max(24 * 60),
        /** Fewest flagged messages in a case's evidence for a notice; fewer is treated as bad data. */
        minFlagged: z.number().int().min(1).max(100_000),
        /** Most send attempts of one notice (the first and the retries). */
        maxAttempts: z.number().int().min(1).max(20),
        /** Directory of the daily letter CSV files for the print shop; default `<storage.dataDir>/letters`. */
        letterDir: z.string().min(1).optional(),
      })
      .strict(),
    secrets: z
      .object({
        /** Key for the keyed-HMAC pseudonyms of subscriber numbers (>= 16 chars). */
        pseudonymKey: z.string().min(16),
      })
      .strict(),
  })
  .strict();

export type Config = z.infer<typeof schema>;
export type PolicyName = keyof Config['engine']['policies'];

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };
export type ConfigOverrides = DeepPartial<Config>;

/** The development pseudonym key is public (it is in this file): `serve` warns when it is in use. */
export const DEVELOPMENT_PSEUDONYM_KEY = 'mamoru-development-pseudonym-key';

export const DEFAULT_MODEL_PATH = resolve(import.meta.dirname, '../sms/classifier/model.json');

function defaults(): Config {
  return {
    server: { host: '0.0.0.0', port: 8080, bodyLimitBytes: 8 * 1024 * 1024, rateLimitPerKey: 200 },
    storage: { dataDir: './data' },
    bus: { partitions: 8, prefix: 'mamoru', ackWaitMs: 30_000, prefetch: 64 },
    log: { level: 'info' },
    engine: {
      policies: {
        // Network layer: what is blocked is invisible to the subscriber, so block only when nearly certain.
        network: { warnAt: 0.7, blockAt: 0.95 },
        // Client layer: the user still sees a warned message, so warn early; never block.
        client: { warnAt: 0.5, blockAt: 1.01 },
      },
      modelPath: DEFAULT_MODEL_PATH,
      maxBodyChars: 10_000,
      maxBatch: 1000,
      maxBatchChars: 2_000_000,
    },
    intel: { operatorName: 'mamoru', peers: [] },
    reports: { shortCode: '7726', dialogueTimeoutMs: 600_000, reporterPerHour: 30 },
    devices: { openLogOdds: 3, quietCloseHours: 6, flushEveryMs: 1000, followUpEveryMinutes: 10 },
    firewall: {
      listen: { host: '0.0.0.0', port: 2775 }, peers: [], onBlock: 'reject', rejectStatus: 0x45, keptBackReceipts: 'delivered', onWarn: 'quarantine', undecodable: 'pass',
      concatHoldMs: 10_000, perSessionPerSecond: 10_000, quarantineDays: 30, decisionRetentionDays: 183, deciderThreads: 0,
      enquireLinkMs: 30_000, responseTimeoutMs: 10_000, bindTimeoutMs: 30_000, maxSessions: 1000,
      page: { enabled: true, linkTtlSeconds: 120, sessionIdleSeconds: 1800, sessionMaxSeconds: 7200, secureCookie: true },
    },
    monitor: { flushEveryMs: 1000, liveEveryMs: 2000, minuteRetentionHours: 48, retentionDays: 400, web: true },
    notify: {
      enabled: ['email', 'sms', 'letter'],
      smtp: { host: '127.0.0.1', port: 25, secure: false },
      from: 'notice@example.jp',
      carrierName: 'mamoru',
      officialSite: '公式サイト・公式アプリ',
      // Deliberately empty: a notice must name the carrier's real support line, so nothing is sent until it is set.
      supportContact: '',
      supportPhone: '',
      resendAfterDays: 7,
      evidenceGrowthFactor: 2,
      minRenoticeHours: 24,
      followUpHours: 72,
      minFlagged: 5,
      maxAttempts: 3,
    },
    // Development default only: production sets MAMORU_PSEUDONYM_KEY (see docs/configuration.md).
    secrets: { pseudonymKey: DEVELOPMENT_PSEUDONYM_KEY },
  };
}

type EnvParser = (raw: string) => unknown;
const num: EnvParser = (raw) => (raw.trim() === '' || Number.isNaN(Number(raw)) ? raw : Number(raw));
const str: EnvParser = (raw) => raw;
const bool: EnvParser = (raw) => (raw === 'true' ? true : raw === 'false' ? false : raw);
const list: EnvParser = (raw) => raw.split(',').map((s) => s.trim()).filter((s) => s !== '');

/** Environment variable → config path. Documented in docs/configuration.md. */
export const ENV_KEYS: Record<string, { path: string[]; parse: EnvParser }> = {
  MAMORU_HOST: { path: ['server', 'host'], parse: str },
  MAMORU_PORT: { path: ['server', 'port'], parse: num },
  MAMORU_BODY_LIMIT_BYTES: { path: ['server', 'bodyLimitBytes'], parse: num },
  MAMORU_RATE_LIMIT_PER_KEY: { path: ['server', 'rateLimitPerKey'], parse: num },
  MAMORU_DATA_DIR: { path: ['storage', 'dataDir'], parse: str },
  MAMORU_DATABASE_URL: { path: ['storage', 'databaseUrl'], parse: str },
  MAMORU_BUS_URL: { path: ['bus', 'url'], parse: str },
  MAMORU_BUS_PARTITIONS: { path: ['bus', 'partitions'], parse: num },
  MAMORU_BUS_PREFIX: { path: ['bus', 'prefix'], parse: str },
  MAMORU_BUS_ACK_WAIT_MS: { path: ['bus', 'ackWaitMs'], parse: num },
  MAMORU_BUS_PREFETCH: { path: ['bus', 'prefetch'], parse: num },
  MAMORU_LOG_LEVEL: { path: ['log', 'level'], parse: str },
  MAMORU_NETWORK_WARN_AT: { path: ['engine', 'policies', 'network', 'warnAt'], parse: num },
  MAMORU_NETWORK_BLOCK_AT: { path: ['engine', 'policies', 'network', 'blockAt'], parse: num },
  MAMORU_CLIENT_WARN_AT: { path: ['engine', 'policies', 'client', 'warnAt'], parse: num },
  MAMORU_CLIENT_BLOCK_AT: { path: ['engine', 'policies', 'client', 'blockAt'], parse: num },
  MAMORU_MODEL_PATH: { path: ['engine', 'modelPath'], parse: str },
  MAMORU_MAX_BODY_CHARS: { path: ['engine', 'maxBodyChars'], parse: num },
  MAMORU_MAX_BATCH: { path: ['engine', 'maxBatch'], parse: num },
  MAMORU_MAX_BATCH_CHARS: { path: ['engine', 'maxBatchChars'], parse: num },
  MAMORU_OPERATOR_NAME: { path: ['intel', 'operatorName'], parse: str },
  MAMORU_REPORT_SHORT_CODE: { path: ['reports', 'shortCode'], parse: str },
  MAMORU_REPORTER_PER_HOUR: { path: ['reports', 'reporterPerHour'], parse: num },
  MAMORU_REPORT_DIALOGUE_TIMEOUT_MS: { path: ['reports', 'dialogueTimeoutMs'], parse: num },
  MAMORU_SMS_GATEWAY_URL: { path: ['reports', 'gatewayUrl'], parse: str },
  MAMORU_PSEUDONYM_KEY: { path: ['secrets', 'pseudonymKey'], parse: str },
  MAMORU_PG_SCHEMA: { path: ['storage', 'pgSchema'], parse: str },
  MAMORU_DEVICES_OPEN_LOG_ODDS: { path: ['devices', 'openLogOdds'], parse: num },
  MAMORU_FIREWALL_PORT: { path: ['firewall', 'listen', 'port'], parse: num },
  MAMORU_FIREWALL_ON_BLOCK: { path: ['firewall', 'onBlock'], parse: str },
  MAMORU_FIREWALL_KEPT_BACK_RECEIPTS: { path: ['firewall', 'keptBackReceipts'], parse: str },
  MAMORU_FIREWALL_UNDECODABLE: { path: ['firewall', 'undecodable'], parse: str },
  MAMORU_FIREWALL_DECIDER_THREADS: { path: ['firewall', 'deciderThreads'], parse: num },
  MAMORU_FIREWALL_PAGE_ENABLED: { path: ['firewall', 'page', 'enabled'], parse: bool },
  MAMORU_FIREWALL_PAGE_LINK_TTL_SECONDS: { path: ['firewall', 'page', 'linkTtlSeconds'], parse: num },
  MAMORU_FIREWALL_PAGE_SESSION_IDLE_SECONDS: { path: ['firewall', 'page', 'sessionIdleSeconds'], parse: num },
  MAMORU_FIREWALL_PAGE_SESSION_MAX_SECONDS: { path: ['firewall', 'page', 'sessionMaxSeconds'], parse: num },
  MAMORU_FIREWALL_PAGE_SECURE_COOKIE: { path: ['firewall', 'page', 'secureCookie'], parse: bool },
  MAMORU_MONITOR_LIVE_EVERY_MS: { path: ['monitor', 'liveEveryMs'], parse: num },
  MAMORU_MONITOR_RETENTION_DAYS: { path: ['monitor', 'retentionDays'], parse: num },
  MAMORU_MONITOR_WEB: { path: ['monitor', 'web'], parse: bool },
  MAMORU_NOTIFY_CHANNELS: { path: ['notify', 'enabled'], parse: list },
  MAMORU_SMTP_HOST: { path: ['notify', 'smtp', 'host'], parse: str },
  MAMORU_SMTP_PORT: { path: ['notify', 'smtp', 'port'], parse: num },
  MAMORU_SMTP_SECURE: { path: ['notify', 'smtp', 'secure'], parse: bool },
  MAMORU_SMTP_USER: { path: ['notify', 'smtp', 'user'], parse: str },
  MAMORU_SMTP_PASS: { path: ['notify', 'smtp', 'pass'], parse: str },
  MAMORU_NOTIFY_FROM: { path: ['notify', 'from'], parse: str },
  MAMORU_CARRIER_NAME: { path: ['notify', 'carrierName'], parse: str },
  MAMORU_OFFICIAL_SITE: { path: ['notify', 'officialSite'], parse: str },
  MAMORU_SUPPORT_CONTACT: { path: ['notify', 'supportContact'], parse: str },
  MAMORU_SUPPORT_PHONE: { path: ['notify', 'supportPhone'], parse: str },
  MAMORU_NOTIFY_SMS_SENDER: { path: ['notify', 'smsSender'], parse: str },
  MAMORU_NOTIFY_RESEND_AFTER_DAYS: { path: ['notify', 'resendAfterDays'], parse: num },
  MAMORU_NOTIFY_GROWTH_FACTOR: { path: ['notify', 'evidenceGrowthFactor'], parse: num },
  MAMORU_NOTIFY_FOLLOW_UP_HOURS: { path: ['notify', 'followUpHours'], parse: num },
  MAMORU_NOTIFY_MIN_FLAGGED: { path: ['notify', 'minFlagged'], parse: num },
  MAMORU_LETTER_DIR: { path: ['notify', 'letterDir'], parse: str },
};

/** Paths whose values are secret: masked by describeConfig. */
const SECRET_PATHS = [['secrets', 'pseudonymKey'], ['notify', 'smtp', 'pass'], ['firewall', 'upstream', 'password']];

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function merge(base: Record<string, unknown>, over: unknown): Record<string, unknown> {
  if (!isObject(over)) return base;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    if (v === undefined) continue;
    out[k] = isObject(v) && isObject(base[k]) ? merge(base[k], v) : v;
  }
  return out;
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    if (!isObject(node[key])) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]!] = value;
}

function deepFreeze<T>(v: T): T {
  if (isObject(v)) {
    for (const child of Object.values(v)) deepFreeze(child);
    Object.freeze(v);
  }
  return v;
}

export interface LoadConfigOptions {
  env?: NodeJS.ProcessEnv;
  /** JSON config file; defaults to env MAMORU_CONFIG. */
  file?: string;
  overrides?: ConfigOverrides;
}

export function loadConfig(options: LoadConfigOptions = {}): Readonly<Config> {
  const env = options.env ?? process.env;
  const problems: { key: string; message: string }[] = [];
  let merged: Record<string, unknown> = defaults();

  const file = options.file ?? env.MAMORU_CONFIG;
  if (file) {
    try {
      merged = merge(merged, JSON.parse(readFileSync(file, 'utf8')) as unknown);
    } catch (e) {
      problems.push({ key: `file:${file}`, message: e instanceof Error ? e.message : String(e) });
    }
  }
  const fromEnv: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(ENV_KEYS)) {
    const raw = env[name];
    if (raw !== undefined && raw !== '') setPath(fromEnv, spec.path, spec.parse(raw));
  }
  for (const name of Object.keys(env)) {
    if (name.startsWith('MAMORU_') && !(name in ENV_KEYS) && !NON_CONFIG_ENV.has(name)) {
      problems.push({ key: name, message: 'unknown MAMORU_ environment variable' });
    }
  }
  merged = merge(merged, fromEnv);
  merged = merge(merged, options.overrides);

  const parsed = schema.safeParse(merged);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const keys = issue.code === 'unrecognized_keys' ? issue.keys.map((k) => [...issue.path, k].join('.')) : [issue.path.join('.')];
      for (const key of keys) problems.push({ key, message: issue.message });
    }
  }
  if (problems.length > 0 || !parsed.success) {
    throw new AppError('CONFIG_INVALID', `invalid configuration: ${problems.map((p) => `${p.key} (${p.message})`).join('; ')}`, problems);
  }
  return deepFreeze(parsed.data);
}

/** Variables that are read by tests or tools, not by the running service. */
const NON_CONFIG_ENV = new Set(['MAMORU_CONFIG', 'MAMORU_TEST_PG_URL', 'MAMORU_TEST_NATS_URL']);

function maskUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@');
}

/** A printable copy of the config with secrets masked. */
export function describeConfig(config: Readonly<Config>): Record<string, unknown> {
  const copy = structuredClone(config) as unknown as Record<string, unknown>;
  for (const path of SECRET_PATHS) {
    let node: unknown = copy;
    for (const key of path) node = isObject(node) ? node[key] : undefined;
    if (node !== undefined) setPath(copy, path, '***');
  }
  const intel = copy.intel as { peers: Array<{ key: string }> };
  for (const p of intel.peers) p.key = '***';
  for (const p of (copy.firewall as { peers: Array<{ password: string }> }).peers) p.password = '***';
  const storage = copy.storage as { databaseUrl?: string };
  if (storage.databaseUrl) storage.databaseUrl = maskUrl(storage.databaseUrl);
  const bus = copy.bus as { url?: string };
  // NATS URLs may carry user:password or a bare token before the @: mask the whole user part, of every server.
  if (bus.url) bus.url = bus.url.replace(/\/\/[^@/,\s]*@/g, '//***@');
  return copy;
}

/** Test helper used by integration suites; read here so no other file touches process.env. */
export function testServiceUrls(): { pg?: string; nats?: string } {
  return { pg: process.env.MAMORU_TEST_PG_URL || undefined, nats: process.env.MAMORU_TEST_NATS_URL || undefined };
}
