// The 7726 report dialogue as UK, US and NZ operators run it: the subscriber forwards a suspicious SMS to the
// short code, the hub asks for the number it came from, the subscriber answers, the hub thanks them with a
// reference. One small state machine per reporter (idle → awaitingSender → done, and back to idle).
//
// Pure and storage-agnostic: the caller passes in each inbound SMS with its time and gets back the replies to
// send and the reports that are complete. It stores the completed reports and sends the replies; nothing here
// does I/O or reads a clock, so the same machine runs in the server, the simulator and the tests.
import { AppError, newId } from '../../core/index.js';
import { extractUrls, normalizeText } from '../../text/index.js';
import { parseForwarded } from './forwarded.js';
import { parseSenderReply } from './sender-reply.js';
import { DIALOGUE_TEXTS, type DialogueTexts, type ReplyLanguage } from './texts.js';

export interface ReportDialogueOptions {
  /** The short code reporters forward to; default '7726'. Named in the error reply; messages that claim to
   * come from it are ignored, so a gateway echoing the hub's own replies cannot start a loop. */
  shortCode?: string;
  /** How long a report waits for the sender's number, in ms after the reporter's last message; default
   * 600,000 (10 minutes). On timeout the report completes with sender null: it still counts. */
  timeoutMs?: number;
  /** Most reports kept waiting for their sender at once; default 100,000. When full, the one idle longest
   * completes (sender null) to make room, so a flood of reporters cannot exhaust memory. */
  maxSessions?: number;
  /** Reply language; default 'ja'. Ignored when `texts` is given. */
  language?: ReplyLanguage;
  /** Replacement reply texts, for an operator's own wording. */
  texts?: DialogueTexts;
}

export interface DialogueReply {
  /** The reporter's number, as the caller passed it. */
  to: string;
  text: string;
}

export interface CompletedReport {
  /** 'R-' + a newId: unique across hub instances, and short enough for the thanks SMS. */
  reference: string;
  reporter: string;
  /** The original message text (normalised), without forwarding headers. */
  body: string;
  /** E.164, 0005 national digits or an upper-case alphanumeric id; null when the reporter did not give it. */
  sender: string | null;
  /** Where the sender came from: the reporter's answer, the forwarded text itself, or nowhere. */
  senderSource: 'reply' | 'forwarded' | 'none';
  /** When the forwarded SMS arrived, ms since the epoch. */
  receivedAt: number;
  /** When the report completed, ms since the epoch. */
  completedAt: number;
}

export interface DialogueStep {
  /** SMS to send from the short code, in order. */
  replies: DialogueReply[];
  /** Reports to store. May include another reporter's report, completed to make room when the table is full. */
  completed: CompletedReport[];
}

export type DialogueState = 'idle' | 'awaitingSender';

/** Messages longer than this (UTF-16 code units) are refused, as BODY_TOO_LONG is elsewhere. */
export const MAX_MESSAGE_CHARS = 10_000;

// Reporter keys are numbers normalised by the caller; anything longer is not one and would only cost memory.
const MAX_REPORTER_CHARS = 64;
// A non-sender answer at least this long, or on several lines, is a new forwarded SMS rather than a botched
// attempt at a number.
const NEW_FORWARD_CHARS = 40;

interface Session {
  reporter: string;
  reference: string;
  body: string;
  receivedAt: number;
  expiresAt: number;
  retried: boolean;
}

export class ReportDialogue {
  readonly shortCode: string;
  readonly timeoutMs: number;
  readonly maxSessions: number;
  private readonly texts: DialogueTexts;
  // Insertion order is last-activity order (a session is re-inserted when touched), so the first entry is
  // the one to evict when full.
  private readonly sessions = new Map<string, Session>();

  constructor(options: ReportDialogueOptions = {}) {
    this.shortCode = options.shortCode ?? '7726';
    this.timeoutMs = options.timeoutMs ?? 10 * 60_000;
    this.maxSessions = options.maxSessions ?? 100_000;
    this.texts = options.texts ?? DIALOGUE_TEXTS[options.language ?? 'ja'];
    const bad: string[] = [];
    if (!/^\d{3,8}$/.test(this.shortCode)) bad.push('shortCode must be 3 to 8 digits');
    if (!Number.isSafeInteger(this.timeoutMs) || this.timeoutMs <= 0) bad.push('timeoutMs must be a positive integer');
    if (!Number.isSafeInteger(this.maxSessions) || this.maxSessions < 1) bad.push('maxSessions must be at least 1');
    if (this.texts === undefined) bad.push('language must be ja or en');
    if (bad.length > 0) throw new AppError('CONFIG_INVALID', 'invalid report dialogue options', { errors: bad });
  }

  /** Reports waiting for their sender's number. */
  get openSessions(): number {
    return this.sessions.size;
  }

  /** Where a reporter stands; a session past its timeout counts as idle even before onTick removes it. */
  stateOf(reporter: string, at: number): DialogueState {
    const s = this.sessions.get(reporter);
    return s !== undefined && at < s.expiresAt ? 'awaitingSender' : 'idle';
  }

  /**
   * One inbound SMS from `reporter` (already normalised by the caller) to the short code, received at `at`
   * (ms since the epoch). Never throws for any text; throws AppError VALIDATION_FAILED only for a time that
   * is not a finite, non-negative number (a caller bug that would otherwise keep sessions open forever).
   */
  onMessage(reporter: string, text: string, at: number): DialogueStep {
    checkTime(at);
    const step: DialogueStep = { replies: [], completed: [] };
    if (typeof reporter !== 'string' || reporter === '' || reporter.length > MAX_REPORTER_CHARS) return step;
    if (reporter === this.shortCode) return step;

    let session = this.sessions.get(reporter);
    if (session !== undefined && at >= session.expiresAt) {
      // Timed out but not yet swept by onTick: the outcome must not depend on how often the caller ticks.
      this.complete(session, null, 'none', at, step, false);
      session = undefined;
    }

    const raw = typeof text === 'string' ? text : '';
    if (raw.length > MAX_MESSAGE_CHARS) return this.reply(step, reporter, this.texts.tooLong());
    if (normalizeText(raw) === '') return this.reply(step, reporter, this.texts.empty(this.shortCode));
    return session === undefined ? this.start(reporter, raw, at, step) : this.answer(session, raw, at, step);
  }

  /** Completes, with sender null, every report whose wait ran out by `at`. Silent: no replies. */
  onTick(at: number): DialogueStep[] {
    checkTime(at);
    const steps: DialogueStep[] = [];
    // A full scan rather than stopping at the first live entry: callers' times need not be monotonic, and
    // 100,000 entries scan in a few milliseconds. Deleting the current entry while iterating a Map is safe.
    for (const session of this.sessions.values()) {
      if (at < session.expiresAt) continue;
      const step: DialogueStep = { replies: [], completed: [] };
      this.complete(session, null, 'none', at, step, false);
      steps.push(step);
    }
    return steps;
  }

  /** The first message of a report: the forwarded SMS. */
  private start(reporter: string, raw: string, at: number, step: DialogueStep): DialogueStep {
    const fwd = parseForwarded(raw);
    // Nothing but forwarding headers ("Fwd:" on its own) is as good as empty.
    if (fwd.body === '') return this.reply(step, reporter, this.texts.empty(this.shortCode));
    const session: Session = {
      reporter,
      reference: `R-${newId(Math.floor(at))}`,
      body: fwd.body,
      receivedAt: at,
      expiresAt: at + this.timeoutMs,
      retried: false,
    };
    if (fwd.originalSender !== null) {
      this.complete(session, fwd.originalSender, 'forwarded', at, step, true);
      return step;
    }
    this.makeRoom(at, step);
    this.sessions.set(reporter, session);
    return this.reply(step, reporter, this.texts.askSender());
  }

  /** A message while the reporter's report waits for its sender. */
  private answer(session: Session, raw: string, at: number, step: DialogueStep): DialogueStep {
    const answer = parseSenderReply(raw);
    if (answer.kind === 'sender') return this.complete(session, answer.sender, 'reply', at, step, true);
    if (answer.kind === 'unknown') return this.complete(session, null, 'none', at, step, true);
    if (this.isNewForward(raw)) {
      // The reporter moved on to the next scam text: the previous report counts without its sender, and
      // ends silently so the reporter gets one reply per message.
      this.complete(session, null, 'none', at, step, false);
      return this.start(session.reporter, raw, at, step);
    }
    if (session.retried) return this.complete(session, null, 'none', at, step, true);
    session.retried = true;
    this.touch(session, at);
    return this.reply(step, session.reporter, this.texts.retrySender());
  }

  /** A non-sender answer that reads as a forwarded SMS: forwarding marks, a link, or the length of a text. */
  private isNewForward(raw: string): boolean {
    const fwd = parseForwarded(raw);
    if (fwd.body === '') return false;
    if (fwd.forwardedMarkers.length > 0 || fwd.originalSender !== null) return true;
    return fwd.body.length >= NEW_FORWARD_CHARS || fwd.body.includes('\n') || extractUrls(fwd.body).length > 0;
  }

  private complete(
    session: Session,
    sender: string | null,
    senderSource: CompletedReport['senderSource'],
    at: number,
    step: DialogueStep,
    thank: boolean,
  ): DialogueStep {
    // Only delete the entry if it is this session: a report completed at once was never stored.
    if (this.sessions.get(session.reporter) === session) this.sessions.delete(session.reporter);
    step.completed.push({
      reference: session.reference,
      reporter: session.reporter,
      body: session.body,
      sender,
      senderSource,
      receivedAt: session.receivedAt,
      completedAt: at,
    });
    if (thank) this.reply(step, session.reporter, this.texts.thanks(session.reference));
    return step;
  }

  private touch(session: Session, at: number): void {
    session.expiresAt = at + this.timeoutMs;
    this.sessions.delete(session.reporter);
    this.sessions.set(session.reporter, session);
  }

  /** Completes the longest-idle sessions until one more fits. */
  private makeRoom(at: number, step: DialogueStep): void {
    while (this.sessions.size >= this.maxSessions) {
      const oldest = this.sessions.values().next();
      if (oldest.done === true) return;
      this.complete(oldest.value, null, 'none', at, step, false);
    }
  }

  private reply(step: DialogueStep, to: string, text: string): DialogueStep {
    step.replies.push({ to, text });
    return step;
  }
}

function checkTime(at: number): void {
  if (typeof at !== 'number' || !Number.isFinite(at) || at < 0) {
    throw new AppError('VALIDATION_FAILED', 'the time must be milliseconds since the epoch', { at });
  }
}
