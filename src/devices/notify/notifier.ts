// The infected-handset notifier (DESIGN §2 S2, §4). The detector's worker calls `onCase` when a case opens or its
// evidence grows; `retryFailed` and `followUp` run on a schedule. The order of the checks is the point:
//  1. bad data never notifies: a case that is not open, has no line, or whose evidence is malformed or thin;
//  2. an opted-out line is never contacted (asked before anything else is looked up, and asked of the store
//     again right before sending);
//  3. at most one notice per line per `resendAfterDays`, unless the evidence grew by `evidenceGrowthFactor`;
//  4. only then is the directory read (audited), a channel picked, and the notice claimed with a unique notice
//     number, so two workers handling the same case cannot both send it.
import type { Kysely } from 'kysely';
import { Counter, type Registry } from 'prom-client';
import { newId, type AuditLog, type Clock, type ConsentStatus, type Database, type Logger } from '../../core/index.js';
import { NOTICE_CHANNELS, type AccessContext, type Subscriber } from '../../subscribers/index.js';
import type { DeviceCase } from '../case.js';
import { reachable, type NoticeChannel, type NoticeChannelName, type NoticeContact, type NoticeFacts } from './channel.js';
import { deliveryError } from './delivery-error.js';
import { NoticesRepository, type StoredNotice } from './notices.repository.js';
import { renderNotice, type NoticeTexts } from './templates.js';

export const NOTIFIER_ACTOR = 'system:notifier';
const PURPOSE = 'infected-handset notification';

export type NoticeSkipReason =
  | 'case_not_open' | 'missing_line' | 'bad_evidence' | 'insufficient_evidence' | 'not_configured' | 'opted_out'
  | 'in_progress' | 'recently_notified' | 'not_in_directory' | 'no_channel' | 'duplicate' | 'case_closed';

export interface NoticeOutcome {
  status: 'sent' | 'failed' | 'skipped';
  caseId: string | null;
  /** Why it was skipped (a NoticeSkipReason) or failed (the delivery error's reason); null when sent. */
  reason: string | null;
  noticeId: string | null;
  noticeNo: number | null;
  channel: NoticeChannelName | null;
}

export interface NotifierPolicy {
  /** At most one notice per line in this many days unless the evidence grows (7). */
  resendAfterDays: number;
  /** Re-notice within that time when the flagged count reaches this multiple of the count at the last notice (2). */
  evidenceGrowthFactor: number;
  /** Even when the evidence grew, no second notice sooner than this many hours after the last (24): a burst that
   * doubles its count within minutes is the same episode, and the owner already has the notice. */
  minRenoticeHours?: number;
  /** Hours after a notice when `followUp` checks whether the line still sends (72). */
  followUpHours: number;
  /** Fewest flagged messages for a notice (5). */
  minFlagged: number;
  /** Most delivery attempts of one notice (3). */
  maxAttempts: number;
  /** Wait before the first retry, ms, doubled per attempt; default 5 minutes. */
  retryDelayMs?: number;
  /** A 'sending' notice whose attempt started this long ago was interrupted and is retried, ms; default 15 minutes.
   * (The worker may have died after the channel accepted it: a retry can repeat a notice, never lose one.) */
  staleSendingMs?: number;
}

/** The directory as the notifier uses it. */
export interface NotifierDirectory {
  lookup(lineKey: string, ctx: AccessContext): Promise<Subscriber | null>;
}

/** The consent registry as the notifier uses it. */
export interface NotifierConsent {
  isOptedOut(lineKey: string): Promise<boolean>;
  statusFromStore(lineKey: string): Promise<ConsentStatus>;
}

export interface InfectionNotifierOptions {
  db: Kysely<Database>;
  directory: NotifierDirectory;
  consent: NotifierConsent;
  /** The enabled channels, any order; they are tried in the order email → sms → letter after the subscriber's
   * preference. */
  channels: readonly NoticeChannel[];
  texts: NoticeTexts;
  policy: NotifierPolicy;
  audit: AuditLog;
  clock: Clock;
  /** Counters `mamoru_device_notices_total` and `mamoru_device_followups_total` are registered here. */
  metrics: Registry;
  logger: Logger;
}

export interface FollowUpResult {
  checked: number;
  proposed: number;
  quiet: number;
  optedOut: number;
}

const LINE_KEY = /^p1:[A-Za-z0-9_-]{22}$/;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const BATCH = 200;

function counter(registry: Registry, name: string, help: string, labelNames: string[]): Counter {
  return (registry.getSingleMetric(name) as Counter | undefined) ?? new Counter({ name, help, labelNames, registers: [registry] });
}

/** Why a case cannot be the basis of a notice, or null when it can. */
export function badCaseReason(c: DeviceCase, minFlagged: number, now: number): NoticeSkipReason | null {
  if (typeof c !== 'object' || c === null || c.state !== 'open') return 'case_not_open';
  if (typeof c.lineKey !== 'string' || !LINE_KEY.test(c.lineKey)) return 'missing_line';
  const e = c.evidence as Partial<DeviceCase['evidence']> | undefined;
  if (typeof e !== 'object' || e === null) return 'bad_evidence';
  const counts = [e.messages, e.flagged, e.blocked, e.warned, e.flaggedTotal];
  if (!counts.every((n) => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0)) return 'bad_evidence';
  const times = [e.firstAt, e.lastAt];
  // Times must be real and not from the future (5 minutes' grace for clocks between processes).
  if (!times.every((t) => typeof t === 'number' && Number.isFinite(t) && t > 0 && t <= now + 300_000)) return 'bad_evidence';
  if (e.firstAt! > e.lastAt! || e.flagged! > e.messages!) return 'bad_evidence';
  if (typeof e.score !== 'number' || !(e.score >= 0 && e.score <= 1)) return 'bad_evidence';
  if (Math.max(e.flagged!, e.flaggedTotal!) < minFlagged) return 'insufficient_evidence';
  return null;
}

function factsOf(c: DeviceCase): NoticeFacts {
  const e = c.evidence;
  const last = Number.isFinite(c.lastActivityAt) ? Math.max(e.lastAt, c.lastActivityAt) : e.lastAt;
  return { flagged: Math.max(e.flagged, e.flaggedTotal), firstAt: e.firstAt, lastAt: last, family: c.family ?? null };
}

function contactOf(s: Subscriber): NoticeContact {
  return { line: s.line, contractId: s.contractId, name: s.name, email: s.email, postalCode: s.postalCode, address: s.address };
}

export class InfectionNotifier {
  private readonly repo: NoticesRepository;
  private readonly channels: Map<NoticeChannelName, NoticeChannel>;
  private readonly notices: Counter;
  private readonly followUps: Counter;
  private warnedUnconfigured = false;

  constructor(private readonly o: InfectionNotifierOptions) {
    this.repo = new NoticesRepository(o.db);
    // An SMS notice names the support phone number; without one configured there is no SMS channel.
    this.channels = new Map(o.channels.filter((c) => c.name !== 'sms' || o.texts.supportPhone.trim() !== '').map((c) => [c.name, c]));
    this.notices = counter(o.metrics, 'mamoru_device_notices_total', 'Infected-handset notice outcomes', ['outcome', 'reason', 'channel']);
    this.followUps = counter(o.metrics, 'mamoru_device_followups_total', 'Follow-up checks of sent notices', ['result']);
  }

  /** The channels notices can go through, in fallback order. */
  enabledChannels(): NoticeChannelName[] {
    return NOTICE_CHANNELS.filter((n) => this.channels.has(n));
  }

  /** Handles a case that opened or whose evidence grew; see the file comment for the order of checks. */
  async onCase(c: DeviceCase): Promise<NoticeOutcome> {
    const now = this.o.clock.now();
    const caseId = typeof c?.id === 'string' ? c.id : null;
    const bad = badCaseReason(c, this.o.policy.minFlagged, now);
    // Malformed evidence about a known line is worth an audit entry; thin evidence and unusable cases are not.
    if (bad) return this.skip(caseId, bad, bad === 'bad_evidence' ? c.lineKey : null);
    if (this.o.texts.supportContact.trim() === '') {
      if (!this.warnedUnconfigured) this.o.logger.warn('notify.supportContact is not set: infected-handset notices are not sent until it is');
      this.warnedUnconfigured = true;
      return this.skip(caseId, 'not_configured', null);
    }
    if (await this.o.consent.isOptedOut(c.lineKey)) return this.skip(caseId, 'opted_out', c.lineKey);

    const facts = factsOf(c);
    const history = await this.repo.ofLine(c.lineKey, 20);
    const rule = this.resendRule(history, c.id, facts.flagged, now);
    if (rule) return this.skip(caseId, rule, null);

    const subscriber = await this.o.directory.lookup(c.lineKey, { actor: NOTIFIER_ACTOR, purpose: PURPOSE });
    if (!subscriber) return this.skip(caseId, 'not_in_directory', c.lineKey);
    const contact = contactOf(subscriber);
    const order = this.order(subscriber.channel, contact);
    if (order.length === 0) return this.skip(caseId, 'no_channel', c.lineKey);

    const claimed = await this.repo.claim({
      id: newId(now), caseId: c.id, lineKey: c.lineKey, noticeNo: (history[0]?.noticeNo ?? 0) + 1, channel: order[0]!,
      flaggedAtNotice: facts.flagged, facts, now,
    });
    if (!claimed) return this.skip(caseId, 'duplicate', null);
    return this.deliver(claimed, subscriber, order);
  }

  /** Retries failed notices that are due, and notices whose sending was interrupted. Returns the outcomes. */
  async retryFailed(): Promise<NoticeOutcome[]> {
    const now = this.o.clock.now();
    const due = await this.repo.dueForRetry(now, now - (this.o.policy.staleSendingMs ?? 15 * 60_000), BATCH);
    const out: NoticeOutcome[] = [];
    for (const n of due) {
      if (n.attempts >= this.o.policy.maxAttempts) {
        // An interrupted last attempt: give up rather than exceed the bound.
        await this.repo.markFailed(n.id, n.reason ?? 'interrupted', null, n.attempts);
        continue;
      }
      if (!(await this.repo.claimRetry(n, now))) continue;
      const claimed = { ...n, attempts: n.attempts + 1, status: 'sending' as const };
      if ((await this.o.consent.statusFromStore(n.lineKey)) === 'opted_out') {
        await this.repo.markSkipped(n.id, 'opted_out');
        out.push(await this.skip(n.caseId, 'opted_out', n.lineKey));
        continue;
      }
      // An analyst closed the case as false meanwhile: the notice is withdrawn, not retried.
      if (await this.repo.caseClosedByAnalyst(n.caseId)) {
        await this.repo.markSkipped(n.id, 'case_closed');
        out.push(await this.skip(n.caseId, 'case_closed', null));
        continue;
      }
      const subscriber = await this.o.directory.lookup(n.lineKey, { actor: NOTIFIER_ACTOR, purpose: PURPOSE });
      if (!subscriber) {
        await this.repo.markSkipped(n.id, 'not_in_directory');
        out.push(await this.skip(n.caseId, 'not_in_directory', n.lineKey));
        continue;
      }
      const order = this.order(n.channel, contactOf(subscriber));
      if (order.length === 0) {
        await this.repo.markSkipped(n.id, 'no_channel');
        out.push(await this.skip(n.caseId, 'no_channel', n.lineKey));
        continue;
      }
      out.push(await this.deliver(claimed, subscriber, order, true));
    }
    return out;
  }

  /**
   * The follow-up check: for every notice sent at least `followUpHours` before `now` and not yet checked, asks
   * `lastActivityOf` for the line's last flagged message; a line still sending after its notice gets a proposed
   * temporary SMS sending limit in the operator queue (a human approves it). Idempotent: each notice is checked
   * once, and a case has at most one proposed action.
   */
  async followUp(now: number, lastActivityOf: (lineKey: string) => Promise<number | null>): Promise<FollowUpResult> {
    const result: FollowUpResult = { checked: 0, proposed: 0, quiet: 0, optedOut: 0 };
    const due = await this.repo.dueForFollowUp(now - this.o.policy.followUpHours * HOUR, BATCH);
    for (const n of due) {
      result.checked++;
      if ((await this.o.consent.statusFromStore(n.lineKey)) === 'opted_out') {
        if (await this.repo.markFollowedUp(n.id, 'opted_out', now)) result.optedOut++;
        this.followUps.inc({ result: 'opted_out' });
        continue;
      }
      const last = await lastActivityOf(n.lineKey);
      const active = last !== null && n.sentAt !== null && last > n.sentAt;
      if (active && !(await this.repo.openActionOf(n.caseId))) {
        const action = await this.repo.propose({
          id: newId(now), caseId: n.caseId, lineKey: n.lineKey, noticeId: n.id, action: 'sms_send_limit', createdAt: now,
          reason: `flagged SMS still sent ${Math.round((last - n.sentAt!) / HOUR)} h after notice ${n.noticeNo}; suggested: temporary SMS sending limit (needs approval)`,
          evidence: { noticeNo: n.noticeNo, noticeSentAt: n.sentAt, lastActivityAt: last, flaggedAtNotice: n.flaggedAtNotice, checkedAt: now },
        });
        if (action) {
          result.proposed++;
          await this.o.audit.record({
            actor: NOTIFIER_ACTOR, action: 'device_action.propose', target: `line:${n.lineKey}`, purpose: PURPOSE,
            details: { actionId: action.id, caseId: n.caseId, action: action.action, noticeNo: n.noticeNo },
          });
        }
      }
      if (!active) result.quiet++;
      await this.repo.markFollowedUp(n.id, active ? 'active' : 'quiet', now);
      this.followUps.inc({ result: active ? 'active' : 'quiet' });
    }
    return result;
  }

  /** The rule of at most one notice per line per resendAfterDays unless the evidence grew; null = may notify. */
  private resendRule(history: StoredNotice[], caseId: string, flagged: number, now: number): NoticeSkipReason | null {
    // A notice still on its way (or waiting for a retry, or interrupted and about to be retried) is the notice:
    // nothing new until it settles.
    if (history.some((n) => n.status === 'sending' || (n.status === 'failed' && n.retryAt !== null))) return 'in_progress';
    const last = history.find((n) => n.status === 'sent');
    if (!last || last.sentAt === null || now - last.sentAt >= this.o.policy.resendAfterDays * DAY) return null;
    if (now - last.sentAt < (this.o.policy.minRenoticeHours ?? 24) * HOUR) return 'recently_notified';
    // Within a case the flagged count is cumulative. A new case for the same line starts from zero, so its count
    // adds to the count the last notice stated.
    const total = last.caseId === caseId ? flagged : last.flaggedAtNotice + flagged;
    return total >= last.flaggedAtNotice * this.o.policy.evidenceGrowthFactor ? null : 'recently_notified';
  }

  /** Channels to try: the preferred one first, then email → sms → letter; only enabled, reachable ones. */
  private order(preferred: NoticeChannelName | null, contact: NoticeContact): NoticeChannelName[] {
    const names = preferred ? [preferred, ...NOTICE_CHANNELS.filter((n) => n !== preferred)] : [...NOTICE_CHANNELS];
    return names.filter((n) => this.channels.has(n) && reachable(n, contact));
  }

  /** Sends a claimed notice, falling to the next channel when one fails for good; a temporary failure is left for
   * `retryFailed` while attempts remain. */
  private async deliver(n: StoredNotice, subscriber: Subscriber, order: NoticeChannelName[], isRetry = false): Promise<NoticeOutcome> {
    // The last word on consent comes from the store, right before anyone is contacted.
    if (!isRetry && (await this.o.consent.statusFromStore(n.lineKey)) === 'opted_out') {
      await this.repo.markSkipped(n.id, 'opted_out');
      return this.skip(n.caseId, 'opted_out', n.lineKey);
    }
    const notice = renderNotice(
      { noticeId: n.id, noticeNo: n.noticeNo, caseId: n.caseId, createdAt: n.createdAt, name: subscriber.name, line: subscriber.line, facts: n.facts },
      this.o.texts,
    );
    const contact = contactOf(subscriber);
    let attempts = n.attempts;
    let reason = 'no channel';
    for (let i = 0; i < order.length; i++) {
      const name = order[i]!;
      if (name !== n.channel) await this.repo.setChannel(n.id, name);
      try {
        const r = await this.channels.get(name)!.send(notice, contact);
        const at = this.o.clock.now();
        await this.repo.markSent(n.id, at, attempts);
        this.notices.inc({ outcome: 'sent', reason: '', channel: name });
        await this.o.audit.record({
          actor: NOTIFIER_ACTOR, action: 'device_notice.sent', target: `line:${n.lineKey}`, purpose: PURPOSE,
          details: { caseId: n.caseId, noticeId: n.id, noticeNo: n.noticeNo, channel: name, attempts, ...(r.messageId ? { messageId: r.messageId } : {}) },
        });
        return { status: 'sent', caseId: n.caseId, reason: null, noticeId: n.id, noticeNo: n.noticeNo, channel: name };
      } catch (e) {
        const err = deliveryError(e, name);
        reason = err.reason;
        this.o.logger.warn({ caseId: n.caseId, noticeId: n.id, channel: name, reason, retryable: err.retryable }, 'notice delivery failed');
        const more = i + 1 < order.length;
        if (err.retryable || !more) {
          const retryAt = err.retryable && attempts < this.o.policy.maxAttempts
            ? this.o.clock.now() + (this.o.policy.retryDelayMs ?? 5 * 60_000) * 2 ** (attempts - 1)
            : null;
          await this.repo.markFailed(n.id, reason, retryAt, attempts);
          this.notices.inc({ outcome: 'failed', reason: retryAt === null ? 'gave_up' : 'will_retry', channel: name });
          await this.o.audit.record({
            actor: NOTIFIER_ACTOR, action: 'device_notice.failed', target: `line:${n.lineKey}`, purpose: PURPOSE,
            details: { caseId: n.caseId, noticeId: n.id, noticeNo: n.noticeNo, channel: name, reason, attempts, retryAt },
          });
          return { status: 'failed', caseId: n.caseId, reason, noticeId: n.id, noticeNo: n.noticeNo, channel: name };
        }
        // A permanent failure (unknown mailbox, no address) with another channel left: try that one now.
        attempts++;
      }
    }
    // Unreachable: the loop returns on success and on its last channel.
    await this.repo.markFailed(n.id, reason, null, attempts);
    return { status: 'failed', caseId: n.caseId, reason, noticeId: n.id, noticeNo: n.noticeNo, channel: null };
  }

  private async skip(caseId: string | null, reason: NoticeSkipReason, lineKey: string | null): Promise<NoticeOutcome> {
    this.notices.inc({ outcome: 'skipped', reason, channel: '' });
    // Decisions about a line are audited (why it was not contacted); the frequent "nothing to do" reasons are not.
    if (lineKey !== null) {
      await this.o.audit.record({ actor: NOTIFIER_ACTOR, action: 'device_notice.skipped', target: `line:${lineKey}`, purpose: PURPOSE, details: { caseId, reason } });
    }
    return { status: 'skipped', caseId, reason, noticeId: null, noticeNo: null, channel: null };
  }
}
