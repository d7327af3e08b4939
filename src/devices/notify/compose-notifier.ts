// Builds the notifier and its channels from the `notify` config slice, so the app's wiring stays a few lines.
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { Registry } from 'prom-client';
import type { AuditLog, Clock, Config, Database, Logger } from '../../core/index.js';
import { HttpWebhookGateway } from '../../reports/index.js';
import type { NoticeChannel } from './channel.js';
import { EmailChannel } from './email-channel.js';
import { LetterBatch } from './letter-batch.js';
import { InfectionNotifier, type NotifierConsent, type NotifierDirectory } from './notifier.js';
import { SmsChannel } from './sms-channel.js';

export interface CreateNotifierDeps {
  notify: Readonly<Config['notify']>;
  /** `storage.dataDir`: letters go to `<dataDir>/letters` unless `notify.letterDir` is set. */
  dataDir: string;
  /** The carrier's SMS gateway webhook (`reports.gatewayUrl`); absent = no SMS channel. */
  smsGatewayUrl?: string;
  db: Kysely<Database>;
  directory: NotifierDirectory;
  consent: NotifierConsent;
  audit: AuditLog;
  clock: Clock;
  metrics: Registry;
  logger: Logger;
}

/** The notifier with every enabled channel that is configured; a channel that is enabled but lacks its settings
 * is left out with a warning. Constructing it opens no connection and starts no timer. */
export function createInfectionNotifier(d: CreateNotifierDeps): { notifier: InfectionNotifier; close(): void } {
  const n = d.notify;
  const channels: NoticeChannel[] = [];
  let email: EmailChannel | null = null;
  if (n.enabled.includes('email')) {
    email = new EmailChannel({ host: n.smtp.host, port: n.smtp.port, secure: n.smtp.secure, user: n.smtp.user, pass: n.smtp.pass, from: n.from });
    channels.push(email);
  }
  if (n.enabled.includes('sms')) {
    if (d.smsGatewayUrl && n.smsSender && n.supportPhone) {
      channels.push(new SmsChannel(new HttpWebhookGateway({ url: d.smsGatewayUrl, shortCode: n.smsSender })));
    } else {
      d.logger.info('SMS notices are enabled but reports.gatewayUrl, notify.smsSender or notify.supportPhone is not set: no SMS channel');
    }
  }
  if (n.enabled.includes('letter')) channels.push(new LetterBatch({ dir: n.letterDir ?? join(d.dataDir, 'letters'), clock: d.clock }));
  const notifier = new InfectionNotifier({
    db: d.db, directory: d.directory, consent: d.consent, channels, audit: d.audit, clock: d.clock, metrics: d.metrics, logger: d.logger,
    texts: { carrierName: n.carrierName, officialSite: n.officialSite, supportContact: n.supportContact, supportPhone: n.supportPhone },
    policy: { resendAfterDays: n.resendAfterDays, evidenceGrowthFactor: n.evidenceGrowthFactor, minRenoticeHours: n.minRenoticeHours, followUpHours: n.followUpHours, minFlagged: n.minFlagged, maxAttempts: n.maxAttempts },
  });
  return { notifier, close: () => email?.close() };
}
