// The decider (issue 6 items 2, 3, 5): for each message the proxy hands over, the recipient's filter settings, one
// classification by the verdict engine (which also publishes the verdict event), the action from the decision
// matrix, the quarantined body stored before the promise resolves, and one decision log row (buffered).
import type { Kysely } from 'kysely';
import type { Registry } from 'prom-client';
import { AppError, LabeledCounter, newId, type Clock, type Config, type Database, type Logger, type OpenStorageOptions } from '../../core/index.js';
import type { ReportInput, ReportReceipt } from '../../reports/index.js';
import type { MessageKeys, SmsInput, Verdict } from '../../sms/index.js';
import type { LineId, LineKeys } from '../../subscribers/index.js';
import type { Decider, Direction, FirewallDecision, FirewallMessage } from '../types.js';
import { decideAction } from './decision-matrix.js';
import { ACTIONS_WITH_BODY, DecisionLog, type DecisionRecord, type LoggedAction } from './decision-log.js';
import { DEFAULT_FILTER, FilterSettingsStore } from './filter-settings.js';
import { ThreadDecisionWriter } from './thread-decision-writer.js';
import { QuarantineStore, canRequest, type QuarantinedMessage } from './quarantine-store.js';
import { groupSafeMarks, type SafeMarks } from './safe-marks.js';

const DAY_MS = 86_400_000;

type DecisionBase = Pick<DecisionRecord, 'id' | 'at' | 'direction' | 'peer' | 'senderKey' | 'recipientKey'>;

export interface FirewallServiceDeps {
  db: Kysely<Database>;
  /** The SMS module's service: classifies and publishes the verdict event (once per message); its pseudonyms of
   * the sender and recipient are the ones the decision log keeps, so the two can be joined. */
  sms: {
    classify(input: SmsInput, policy: 'network' | 'client', keys?: MessageKeys): Verdict;
    senderKeyOf(from: string): string;
    recipientKeyOf(to: string): string;
  };
  lineKeys: LineKeys;
  /** The report hub, for "report as scam" from the quarantine; absent = that request is FORBIDDEN. */
  reports?: { submit(inputs: readonly ReportInput[], ctx: { memberId: string; channel: 'api' }): Promise<ReportReceipt[]> };
  config: Readonly<Config['firewall']>;
  enginePolicies: Readonly<Config['engine']['policies']>;
  clock: Clock;
  logger: Logger;
  metrics: Registry;
  /** How often filter settings changed by another process are read, ms (default 1,000); changes made through this
   * service apply at once. */
  settingsRefreshMs?: number;
  /** Decision log batching: longest wait in memory, ms (default 200). */
  flushEveryMs?: number;
  /** The store as it was opened: the decision log then opens a connection of its own and writes (and purges) from a
   * thread of its own, off the event loop that forwards messages. Absent (an in-memory store): written through
   * `db` on this thread. */
  logStore?: OpenStorageOptions;
  /** How often expired quarantine and old decision rows are purged, ms; default one hour; 0 = never (call purge()). */
  purgeEveryMs?: number;
}

export class FirewallService implements Decider {
  readonly settings: FilterSettingsStore;
  readonly quarantine: QuarantineStore;
  readonly decisions: DecisionLog;
  private readonly deps: FirewallServiceDeps;
  private readonly counted: LabeledCounter<'action' | 'direction'>;
  private readonly purgeTimer: NodeJS.Timeout | null;
  private purging = false;

  constructor(deps: FirewallServiceDeps) {
    this.deps = deps;
    this.settings = new FilterSettingsStore({ db: deps.db, clock: deps.clock, logger: deps.logger, refreshMs: deps.settingsRefreshMs });
    this.quarantine = new QuarantineStore({ db: deps.db, clock: deps.clock, logger: deps.logger });
    this.decisions = new DecisionLog({
      db: deps.db, logger: deps.logger, metrics: deps.metrics, flushEveryMs: deps.flushEveryMs,
      ...(deps.logStore ? { writer: new ThreadDecisionWriter(deps.logStore, deps.logger) } : {}),
    });
    this.counted = new LabeledCounter({
      name: 'mamoru_firewall_decider_actions_total', help: 'Messages decided by the firewall decider, by logged action (including pass_undecodable, reject_undecodable) and direction', labelNames: ['action', 'direction'], registers: [deps.metrics],
    });
    const every = deps.purgeEveryMs ?? 3_600_000;
    this.purgeTimer = every > 0 ? setInterval(() => this.purgeInBackground(), every) : null;
    this.purgeTimer?.unref();
  }

  async decide(msg: FirewallMessage): Promise<FirewallDecision> {
    const { config, clock } = this.deps;
    const now = clock.now();
    const id = newId(now);
    const senderKey = msg.from ? this.deps.sms.senderKeyOf(msg.from) : null;
    const recipientKey = msg.to ? this.deps.sms.recipientKeyOf(msg.to) : null;
    const base = { id, at: now, direction: msg.direction, peer: msg.peer, senderKey, recipientKey };

    if (msg.text === null) return this.unclassified(base, 'undecodable');
    const settings = recipientKey === null
      ? DEFAULT_FILTER
      : (this.settings.current(recipientKey) ?? (await this.settings.fromStore(recipientKey)));

    let verdict: Verdict;
    try {
      // The verdict carries the decision's id (one id per message, and the verdict event and the log row share it).
      const input: SmsInput = { id, body: msg.text, from: msg.from, to: msg.to, receivedAt: msg.receivedAt };
      if (msg.route) input.route = msg.route;
      verdict = this.deps.sms.classify(input, 'network', { senderKey, recipientKey });
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      // Nothing to read (an empty text) is forwarded as any harmless message; a text the engine refuses (longer than
      // engine.maxBodyChars) was not classified, so it follows the undecodable rule.
      if (e.code === 'BODY_EMPTY') return this.finish(base, 'forward', { action: 'none', score: 0, category: 'none', reasons: ['body_empty'], fingerprint: '' }, null);
      return this.unclassified(base, e.code.toLowerCase());
    }

    let action: LoggedAction = decideAction(settings, verdict, {
      onBlock: config.onBlock, onWarn: config.onWarn, clientWarnAt: this.deps.enginePolicies.client.warnAt,
    });
    // Without a recipient there is nobody to keep it for.
    if (action === 'quarantine' && recipientKey === null) action = 'forward';
    if (action === 'quarantine') {
      await this.quarantine.hold({
        id, recipientKey: recipientKey!, sender: msg.from, body: msg.text, receivedAt: msg.receivedAt, expiresAt: now + config.quarantineDays * DAY_MS,
        verdict: {
          action: verdict.action, score: verdict.score, category: verdict.category, brand: verdict.brand, family: verdict.family,
          reasons: verdict.reasons.map((r) => r.code), fingerprint: verdict.fingerprint,
        },
      });
    }
    const decision = this.finish(base, action, {
      action: verdict.action, score: verdict.score, category: verdict.category, reasons: verdict.reasons.map((r) => r.code), fingerprint: verdict.fingerprint,
    }, msg.text);
    decision.verdict = { action: verdict.action, score: verdict.score, category: verdict.category };
    return decision;
  }

  /** The line's E.164 form and pseudonym (INVALID_LINE for anything but a Japanese mobile number). */
  line(raw: string): LineId {
    return this.deps.lineKeys.of(raw);
  }

  /**
   * Files a quarantined message as a scam report in the hub (reporter: the recipient's line, pseudonymised by the
   * hub) and sets it reported. Asking again changes nothing and files nothing.
   */
  async report(line: LineId, id: string, who: { actor: string; memberId: string; purpose: string }): Promise<{ message: QuarantinedMessage; changed: boolean; report: ReportReceipt | null }> {
    const reports = this.deps.reports;
    if (!reports) throw new AppError('FORBIDDEN', 'reporting from the quarantine is not available: this instance has no report hub');
    const current = await this.quarantine.get(line.lineKey, id);
    if (current.state === 'reported') return { message: current, changed: false, report: null };
    if (!canRequest(current.state, 'report')) throw new AppError('QUARANTINE_STATE', `the message is ${current.state}; it cannot be reported now`, { state: current.state });
    const [receipt] = await reports.submit([{ body: current.body, sender: current.sender, reporter: line.line, receivedAt: current.receivedAt }], { memberId: who.memberId, channel: 'api' });
    const r = await this.quarantine.apply(line.lineKey, id, 'report', { actor: who.actor, purpose: who.purpose, details: { reportReference: receipt?.reference ?? null } });
    return { ...r, report: receipt ?? null };
  }

  /** What subscribers marked safe since `since`, grouped by sender and by linked domain (no bodies). */
  async safeMarks(since: number, limit = 5_000): Promise<SafeMarks> {
    return groupSafeMarks(await this.quarantine.safeMarked(since, limit), since);
  }

  /** Deletes decision rows older than the retention and quarantined messages whose time is up. */
  async purge(now = this.deps.clock.now()): Promise<{ decisions: number; quarantine: number }> {
    const decisions = await this.decisions.purge(now - this.deps.config.decisionRetentionDays * DAY_MS);
    const quarantine = await this.quarantine.purgeExpired(now);
    return { decisions, quarantine };
  }

  /** Writes the buffered decision log rows. */
  flush(): Promise<void> {
    return this.decisions.flush();
  }

  /** Stops the purge timer and writes what is buffered. */
  async close(): Promise<void> {
    if (this.purgeTimer) clearInterval(this.purgeTimer);
    this.settings.close();
    await this.decisions.close();
  }

  /** Not classified: forwarded (fail open) or refused (fail closed) by `firewall.undecodable`; no body is kept either
   * way, since nothing was found wrong with it. */
  private unclassified(base: DecisionBase, reason: string): FirewallDecision {
    const action: LoggedAction = this.deps.config.undecodable === 'pass' ? 'pass_undecodable' : 'reject_undecodable';
    return this.finish(base, action, { action: 'none', score: 0, category: 'none', reasons: [reason], fingerprint: '' }, null);
  }

  private finish(
    base: DecisionBase, action: LoggedAction,
    v: { action: string; score: number; category: string; reasons: string[]; fingerprint: string }, text: string | null,
  ): FirewallDecision {
    this.decisions.append({
      id: base.id, at: base.at, direction: base.direction, peer: base.peer, senderKey: base.senderKey, recipientKey: base.recipientKey,
      action, verdictAction: v.action, score: v.score, category: v.category, reasons: v.reasons, fingerprint: v.fingerprint,
      body: ACTIONS_WITH_BODY.has(action) ? text : null,
    });
    this.count(action, base.direction);
    const proxyAction = action === 'pass_undecodable' ? 'forward' : action === 'reject_undecodable' ? 'reject' : action;
    const decision: FirewallDecision = { action: proxyAction, decisionId: base.id };
    if (proxyAction === 'reject') decision.status = this.deps.config.rejectStatus;
    return decision;
  }

  private count(action: LoggedAction, direction: Direction): void {
    this.counted.child(action, direction).inc();
  }

  private purgeInBackground(): void {
    if (this.purging) return;
    this.purging = true;
    this.purge()
      .then((r) => {
        if (r.decisions + r.quarantine > 0) this.deps.logger.info(r, 'firewall retention purge');
      })
      .catch((e: unknown) => this.deps.logger.warn({ err: e }, 'firewall retention purge failed'))
      .finally(() => {
        this.purging = false;
      });
  }
}

/** Builds the decider; see FirewallServiceDeps for what each part is for. */
export function createFirewallService(deps: FirewallServiceDeps): FirewallService {
  return new FirewallService(deps);
}
