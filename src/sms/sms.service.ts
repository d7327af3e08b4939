// The SMS module's service: runs the verdict engine, counts verdicts for /metrics, and publishes each verdict
// (without the message body: secrecy of communications) on the bus for the infected-handset detector.
import { performance } from 'node:perf_hooks';
import { Counter, Histogram, type Registry } from 'prom-client';
import { AppError, BoundedCache, LabeledCounter, type Clock, type EventBus, type Logger, type Pseudonymizer } from '../core/index.js';
import { classifySender } from '../text/index.js';
import type { VerdictEngine } from './verdict-engine.js';
import type { Policy, SmsInput, Verdict } from './verdict.js';

/** Pseudonyms a caller made with SmsService.senderKeyOf / recipientKeyOf for the message it classifies. */
export interface MessageKeys {
  senderKey: string | null;
  recipientKey: string | null;
}

export interface BatchItemError { id: string | null; error: { code: string; message: string } }

/** Bounded memo of sender pseudonyms: an HMAC per message costs more than the rest of the bookkeeping. */
const PSEUDONYM_CACHE = 50_000;

export class SmsService {
  private readonly verdicts: LabeledCounter<'action' | 'category' | 'policy'>;
  private readonly errors: Counter<'code'>;
  private readonly latency: Histogram<'policy'>;
  /** Label children resolved once: looking labels up on every message is a measurable share of the cost. */
  private readonly latencyChildren = new Map<string, { observe(v: number): void }>();
  private readonly pseudonyms = new BoundedCache<string, string>(PSEUDONYM_CACHE);
  /** senderKeyOf by the sender as written (parsing a foreign number costs tens of µs). */
  private readonly senderKeys = new BoundedCache<string, string>(PSEUDONYM_CACHE);

  constructor(
    private readonly engine: VerdictEngine,
    private readonly bus: EventBus,
    private readonly logger: Logger,
    registry: Registry,
    private readonly maxBatch: number,
    private readonly clock: Clock,
    /** Turns the sender into the event's key: the bus never carries subscriber numbers. */
    private readonly pseudonymize: Pseudonymizer,
  ) {
    this.verdicts = new LabeledCounter({ name: 'mamoru_sms_verdicts_total', help: 'SMS verdicts by action, category and policy', labelNames: ['action', 'category', 'policy'], registers: [registry] });
    this.errors = new Counter({ name: 'mamoru_sms_verdict_errors_total', help: 'Messages refused by the verdict engine, by error code', labelNames: ['code'], registers: [registry] });
    this.latency = new Histogram({
      name: 'mamoru_sms_verdict_seconds', help: 'Time to classify one SMS in the engine', labelNames: ['policy'], registers: [registry],
      buckets: [0.00001, 0.00002, 0.00005, 0.0001, 0.0002, 0.0005, 0.001, 0.005],
    });
  }

  /**
   * Classifies one message and publishes its verdict. `keys`: the sender's and recipient's pseudonyms when the
   * caller already made them with `senderKeyOf` / `recipientKeyOf` (the firewall logs them too), so each is made
   * once per message.
   */
  classify(input: SmsInput, policy: Policy, keys?: MessageKeys): Verdict {
    const start = performance.now();
    let v: Verdict;
    try {
      v = this.engine.classify(input, policy);
    } catch (e) {
      this.errors.inc({ code: e instanceof AppError ? e.code : 'INTERNAL' });
      throw e;
    }
    let lat = this.latencyChildren.get(policy);
    if (!lat) this.latencyChildren.set(policy, (lat = this.latency.labels(policy)));
    lat.observe((performance.now() - start) / 1000);
    this.verdicts.child(v.action, v.category, policy).inc();
    this.publish(v, input, keys);
    return v;
  }

  /** Classifies a batch; an item the engine refuses becomes an error entry and the rest go on. */
  classifyBatch(inputs: SmsInput[], policy: Policy): Array<Verdict | BatchItemError> {
    if (inputs.length === 0) throw new AppError('BATCH_EMPTY', 'the batch holds no messages');
    if (inputs.length > this.maxBatch) {
      throw new AppError('BATCH_TOO_LARGE', `the batch holds ${inputs.length} messages; the limit is ${this.maxBatch} — split it and retry`, { limit: this.maxBatch, received: inputs.length });
    }
    return inputs.map((input) => {
      try {
        return this.classify(input, policy);
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        return { id: input.id ?? null, error: { code: e.code, message: e.message } };
      }
    });
  }

  /** The sender's pseudonym as verdict events carry it: of the number's E.164 form or the upper-cased sender id
   * (every way of writing one is one key), else of the trimmed text. Memoised: senders repeat. */
  senderKeyOf(from: string): string {
    let k = this.senderKeys.get(from);
    if (k === undefined) {
      k = this.pseudonymOf(classifySender(from).normalized ?? from.trim());
      this.senderKeys.set(from, k);
    }
    return k;
  }

  private pseudonymOf(value: string): string {
    let p = this.pseudonyms.get(value);
    if (p === undefined) {
      p = this.pseudonymize(value);
      this.pseudonyms.set(value, p);
    }
    return p;
  }

  /** The recipient's pseudonym as verdict events carry it. Recipients are many and rarely repeat, so they skip
   * the memo; a number is keyed in its E.164 form (a sender id upper-cased) so every way of writing it is one
   * recipient, as senders are. */
  recipientKeyOf(to: string): string {
    return this.pseudonymize(classifySender(to).normalized ?? to.trim());
  }

  private publish(v: Verdict, input: SmsInput, keys: MessageKeys | undefined): void {
    const sender = v.indicators.find((i) => i.role === 'sender');
    // A sender the engine could not read (no sender indicator) is published without a key, whatever was passed.
    const senderKey = sender ? (keys?.senderKey ?? this.pseudonymOf(sender.value)) : null;
    const recipientKey = input.to ? (keys?.recipientKey ?? this.recipientKeyOf(input.to)) : null;
    this.bus
      .publish('sms.verdict.v1', {
        verdictId: v.id, at: this.clock.now(), policy: v.policy, action: v.action, score: v.score, category: v.category,
        brand: v.brand, family: v.family, fingerprint: v.fingerprint, senderKey, recipientKey,
        senderType: sender?.kind ?? 'absent', route: input.route ?? null, reasonCodes: v.reasons.map((r) => r.code),
        indicatorIds: v.indicators.flatMap((i) => (i.match ? [i.match.id] : [])),
      }, { key: senderKey ?? undefined })
      .catch((e: unknown) => this.logger.warn({ err: e }, 'could not publish sms.verdict.v1'));
  }
}
