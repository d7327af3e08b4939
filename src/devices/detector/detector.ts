// The infected-handset detector: consumes SMS verdict events (no message bodies), keeps compact sliding-window
// state per sending line, and opens a case when a line is very likely an infected handset. Pure and in memory;
// the worker persists its state and cases (worker.ts), so the same code runs in a test, in `mamoru devices eval`
// and in a partitioned worker.
import { createHash } from 'node:crypto';
import type { Clock, SmsVerdictV1 } from '../../core/index.js';
import type { CaseEvidence, DeviceCase } from '../case.js';
import { checkEvent, type SkipReason } from './validate.js';
import { familyIndex, LineTable, WINDOW_MS } from './line-table.js';
import { scoreLine } from './score.js';

export interface DetectorOptions {
  clock: Clock;
  /** Log-odds at or above which a case opens (default 3, i.e. p ≥ 0.95). */
  openLogOdds?: number;
  /** A case closes when the line has sent nothing filtered for this long (default 6 h). */
  quietCloseMs?: number;
  /** Lines with nothing pending are forgotten after this long without a message (default 6 h). */
  idleEvictMs?: number;
  /** Events stamped further than this in the future are refused (default 5 min). */
  maxFutureSkewMs?: number;
  /** Events older than this are refused (default 24 h): a backlog that old cannot raise a timely case. */
  maxAgeMs?: number;
  /** Lines that must never get a case (consent opt-out); checked when a case would open. */
  isExcluded?: (lineKey: string) => boolean;
}

export interface CaseChange {
  type: 'opened' | 'grown' | 'closed';
  case: DeviceCase;
}

/** State kept only for lines with filtered traffic: small in number, richer in content. */
interface Extras {
  firstFlaggedAt: number;
  lastFlaggedAt: number;
  flaggedTotal: number;
  blockedTotal: number;
  warnedTotal: number;
  /** Flagged counts of the last six hours, newest last, and the hour epoch of the newest. */
  hours: number[];
  hourHead: number;
  fingerprints: string[];
  brands: string[];
  peakPerHour: number;
  caseId: string | null;
  openedAt: number | null;
  /** flaggedTotal when the case was last reported (opened or grown). */
  reported: number;
  evidence: CaseEvidence | null;
}

export type DetectorStats = Record<SkipReason | 'processed' | 'excluded' | 'casesOpened' | 'casesClosed' | 'casesGrown', number>;

const HOUR_MS = 3_600_000;
const SAMPLES = 5;
/** How many event ids are remembered for duplicate suppression (a few seconds of a busy partition's traffic;
 * redeliveries after a crash are caught by the stored stream position instead). */
const RECENT_IDS = 100_000;

export class InfectionDetector {
  private readonly table = new LineTable(4096);
  private readonly extras = new Map<string, Extras>();
  private readonly openCases = new Map<string, DeviceCase>();
  /** Recent event ids: a set plus a ring that says which to forget (deleting a Map's oldest entry over and over
   * is slow in V8, because iteration has to skip the deleted slots). */
  private readonly recentIds = new Set<string>();
  private readonly recentRing: Array<string | undefined> = new Array<string | undefined>(RECENT_IDS);
  private recentPos = 0;
  private readonly dirty = new Set<string>();
  /** Lines whose state the store holds (so that forgetting them deletes the row). */
  private readonly persisted = new Set<string>();
  private readonly clock: Clock;
  private readonly openLogOdds: number;
  private readonly quietCloseMs: number;
  private readonly idleEvictMs: number;
  private readonly maxFutureSkewMs: number;
  private readonly maxAgeMs: number;
  private readonly isExcluded: (lineKey: string) => boolean;
  private readonly counters: DetectorStats = {
    processed: 0, excluded: 0, duplicate: 0, invalid: 0, not_a_line: 0, future: 0, stale: 0, late: 0, casesOpened: 0, casesClosed: 0, casesGrown: 0,
  };

  constructor(opts: DetectorOptions) {
    this.clock = opts.clock;
    this.openLogOdds = opts.openLogOdds ?? 3;
    this.quietCloseMs = opts.quietCloseMs ?? 6 * HOUR_MS;
    this.idleEvictMs = opts.idleEvictMs ?? 6 * HOUR_MS;
    this.maxFutureSkewMs = opts.maxFutureSkewMs ?? 5 * 60_000;
    this.maxAgeMs = opts.maxAgeMs ?? 24 * HOUR_MS;
    this.isExcluded = opts.isExcluded ?? (() => false);
  }

  /**
   * Applies one verdict event. Bad events (missing fields, not a subscriber line, stamped in the future or too old,
   * already seen) are counted by reason and change nothing. Returns the case that opened or grew, if any.
   */
  observe(payload: unknown, eventId?: string): CaseChange | null {
    if (eventId !== undefined) {
      if (this.recentIds.has(eventId)) {
        this.counters.duplicate++;
        return null;
      }
      const old = this.recentRing[this.recentPos];
      if (old !== undefined) this.recentIds.delete(old);
      this.recentRing[this.recentPos] = eventId;
      this.recentPos = (this.recentPos + 1) % RECENT_IDS;
      this.recentIds.add(eventId);
    }
    const checked = checkEvent(payload, this.clock.now(), this.maxFutureSkewMs, this.maxAgeMs);
    if (typeof checked === 'string') {
      this.counters[checked]++;
      return null;
    }
    const ev: SmsVerdictV1 = checked;
    const key = ev.senderKey!;
    if (this.isExcluded(key)) {
      // Opted out (consent): not processed at all; whatever was kept about the line before is dropped.
      this.counters.excluded++;
      if (this.table.slotOf(key) !== undefined || this.extras.has(key)) this.forget(key);
      return null;
    }
    const flagged = ev.action !== 'allow';
    const s = this.table.acquire(key, ev.at);
    const fam = flagged ? familyIndex(ev.family) : -1;
    if (!this.table.record(s, ev.at, flagged, ev.recipientKey ?? null, fam)) {
      this.counters.late++;
      return null;
    }
    this.counters.processed++;
    this.dirty.add(key);
    let x = this.extras.get(key);
    if (!flagged) return null;
    if (!x) {
      x = {
        firstFlaggedAt: ev.at, lastFlaggedAt: ev.at, flaggedTotal: 0, blockedTotal: 0, warnedTotal: 0, hours: [0, 0, 0, 0, 0, 0],
        hourHead: Math.floor(ev.at / HOUR_MS), fingerprints: [], brands: [], peakPerHour: 0, caseId: null, openedAt: null, reported: 0, evidence: null,
      };
      this.extras.set(key, x);
      this.table.flags[s] = 1;
    }
    this.recordFlagged(x, ev);
    return this.evaluate(key, s, x);
  }

  private recordFlagged(x: Extras, ev: SmsVerdictV1): void {
    const h = Math.floor(ev.at / HOUR_MS);
    if (h > x.hourHead) {
      const gap = Math.min(h - x.hourHead, 6);
      for (let i = 0; i < gap; i++) {
        x.hours.shift();
        x.hours.push(0);
      }
      x.hourHead = h;
    }
    const idx = 5 - (x.hourHead - h);
    if (idx >= 0) x.hours[idx]!++;
    x.flaggedTotal++;
    if (ev.action === 'block') x.blockedTotal++;
    else x.warnedTotal++;
    if (ev.at < x.firstFlaggedAt) x.firstFlaggedAt = ev.at;
    if (ev.at > x.lastFlaggedAt) x.lastFlaggedAt = ev.at;
    if (typeof ev.fingerprint === 'string' && !x.fingerprints.includes(ev.fingerprint)) {
      x.fingerprints.push(ev.fingerprint);
      if (x.fingerprints.length > SAMPLES) x.fingerprints.shift();
    }
    if (ev.brand && !x.brands.includes(ev.brand) && x.brands.length < SAMPLES) x.brands.push(ev.brand);
  }

  private evaluate(key: string, s: number, x: Extras): CaseChange | null {
    const w = this.table.window(s);
    if (w.sent > x.peakPerHour) x.peakPerHour = w.sent;
    const open = x.caseId !== null ? this.openCases.get(key) : undefined;
    if (open) {
      open.lastActivityAt = x.lastFlaggedAt;
      // Grown: report again only when the flagged total doubled since the last report (the notifier re-notifies
      // on growth, and the store need not be written on every message). Nothing else to compute until then.
      if (x.flaggedTotal < 2 * x.reported) return null;
    } else if (x.caseId !== null) {
      return null;
    }
    let familyVotes = 0;
    for (let f = 0; f < 3; f++) familyVotes += this.table.family[s * 3 + f]!;
    const flagged6h = x.hours.reduce((a, b) => a + b, 0);
    const blockedShare = x.flaggedTotal > 0 ? x.blockedTotal / x.flaggedTotal : 0;
    const sc = scoreLine({ ...w, flagged6h, baselinePerHour: this.table.baseline[s]!, familyVotes, blockedShare });
    if (!open && sc.logOdds < this.openLogOdds) return null;
    const evidence: CaseEvidence = {
      firstAt: x.firstFlaggedAt, lastAt: x.lastFlaggedAt, messages: w.sent, flagged: w.flagged, blocked: x.blockedTotal, warned: x.warnedTotal,
      flaggedTotal: x.flaggedTotal, distinctRecipients: w.distinctRecipients, baselinePerHour: Math.round(this.table.baseline[s]! * 100) / 100,
      peakPerHour: x.peakPerHour, fingerprints: [...x.fingerprints], campaignIds: [], brands: [...x.brands],
      score: Math.round(sc.score * 10_000) / 10_000, reasons: sc.reasons.map((r) => ({ ...r, weight: Math.round(r.weight * 100) / 100 })),
    };
    if (open) {
      x.reported = x.flaggedTotal;
      open.evidence = { ...evidence, score: Math.max(evidence.score, open.evidence.score) };
      open.updatedAt = x.lastFlaggedAt;
      open.family = this.table.dominantFamily(s) ?? open.family;
      this.counters.casesGrown++;
      return { type: 'grown', case: { ...open, evidence: { ...open.evidence } } };
    }
    const at = x.lastFlaggedAt;
    const id = `dc_${createHash('sha256').update(`${key}|${at}`).digest('hex').slice(0, 24)}`;
    const c: DeviceCase = {
      id, lineKey: key, family: this.table.dominantFamily(s), state: 'open', openedAt: at, updatedAt: at, lastActivityAt: at,
      closedAt: null, closeReason: null, evidence,
    };
    x.caseId = id;
    x.openedAt = at;
    x.reported = x.flaggedTotal;
    this.openCases.set(key, c);
    this.counters.casesOpened++;
    return { type: 'opened', case: { ...c, evidence: { ...evidence } } };
  }

  /**
   * Housekeeping, run every few seconds (or every simulated minute): closes cases whose line has sent nothing
   * filtered for the quiet period, and forgets idle lines with nothing pending.
   */
  sweep(now = this.clock.now()): CaseChange[] {
    const changes: CaseChange[] = [];
    for (const [key, c] of this.openCases) {
      const x = this.extras.get(key);
      const last = x?.lastFlaggedAt ?? c.lastActivityAt;
      if (now - last < this.quietCloseMs) continue;
      this.openCases.delete(key);
      const closed: DeviceCase = { ...c, state: 'closed', closedAt: now, closeReason: 'sending_stopped', updatedAt: now, lastActivityAt: last };
      if (x) {
        x.caseId = null;
        x.openedAt = null;
        x.reported = 0;
      }
      this.dirty.add(key);
      this.counters.casesClosed++;
      changes.push({ type: 'closed', case: closed });
    }
    for (const [key, x] of this.extras) {
      if (x.caseId === null && now - x.lastFlaggedAt >= Math.max(this.idleEvictMs, 6 * HOUR_MS)) {
        this.extras.delete(key);
        const s = this.table.slotOf(key);
        if (s !== undefined) this.table.flags[s] = 0;
        this.dirty.add(key);
      }
    }
    const idle = [...this.table.idleBefore(now - Math.max(this.idleEvictMs, WINDOW_MS))];
    for (const key of idle) {
      this.table.release(key);
      this.dirty.add(key);
    }
    return changes;
  }

  /** A case closed by an analyst: the line is watched afresh from now — its window, totals and samples are
   * forgotten, so a new case needs new evidence. */
  closeCase(lineKey: string): boolean {
    const c = this.openCases.get(lineKey);
    if (!c) return false;
    this.openCases.delete(lineKey);
    this.extras.delete(lineKey);
    this.table.release(lineKey);
    this.dirty.add(lineKey);
    return true;
  }

  private forget(lineKey: string): void {
    this.openCases.delete(lineKey);
    this.extras.delete(lineKey);
    this.table.release(lineKey);
    this.dirty.add(lineKey);
  }

  /** Marks lines to be written again (a flush that failed). */
  markDirty(lineKeys: readonly string[]): void {
    for (const k of lineKeys) this.dirty.add(k);
  }

  stats(): Readonly<DetectorStats> & { activeLines: number; suspiciousLines: number; openCases: number } {
    return { ...this.counters, activeLines: this.table.size, suspiciousLines: this.extras.size, openCases: this.openCases.size };
  }

  /** Open cases: line → case id. */
  openCaseIds(): Map<string, string> {
    return new Map([...this.openCases].map(([k, c]) => [k, c.id]));
  }

  openCase(lineKey: string): DeviceCase | undefined {
    return this.openCases.get(lineKey);
  }

  /** Lines changed since the last call, with their state to persist (null: forgotten, delete it). */
  /**
   * Lines changed since the last call, with their state to persist (null: delete the stored row). Only lines with
   * filtered traffic are persisted (the ones a case can come from); a line with only allowed messages restarts its
   * hour window after a crash, which costs nothing a case depends on and spares the store a write per message.
   */
  takeDirty(): Array<{ lineKey: string; state: LineSnapshot | null }> {
    const out: Array<{ lineKey: string; state: LineSnapshot | null }> = [];
    for (const key of this.dirty) {
      const state = this.extras.has(key) ? this.exportLine(key) : null;
      if (state) {
        this.persisted.add(key);
        out.push({ lineKey: key, state });
      } else if (this.persisted.delete(key)) {
        out.push({ lineKey: key, state: null });
      }
    }
    this.dirty.clear();
    return out;
  }

  exportLine(lineKey: string): LineSnapshot | null {
    const s = this.table.slotOf(lineKey);
    if (s === undefined) return null;
    const x = this.extras.get(lineKey);
    const c = this.openCases.get(lineKey);
    return { table: this.table.encode(s).toString('base64'), extras: x ? JSON.stringify({ ...x, evidence: null, openCase: c ?? null }) : null };
  }

  /** Restores a line from a snapshot row; returns false (and restores nothing) for a row that does not parse. */
  importLine(lineKey: string, snap: LineSnapshot): boolean {
    let extras: (Extras & { openCase: DeviceCase | null }) | null = null;
    try {
      extras = snap.extras ? (JSON.parse(snap.extras) as Extras & { openCase: DeviceCase | null }) : null;
    } catch {
      return false;
    }
    if (extras !== null && !validExtras(extras)) return false;
    if (!this.table.decode(lineKey, Buffer.from(snap.table, 'base64'))) return false;
    this.persisted.add(lineKey);
    if (extras) {
      const { openCase, ...x } = extras;
      this.extras.set(lineKey, x);
      if (openCase) this.openCases.set(lineKey, openCase);
    }
    return true;
  }
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isStrArray = (v: unknown): boolean => Array.isArray(v) && v.every((x) => typeof x === 'string');

/** A snapshot row's extras, checked field by field: a corrupt row must not break the line's later events. */
function validExtras(x: unknown): boolean {
  if (typeof x !== 'object' || x === null) return false;
  const e = x as Record<string, unknown>;
  return ['firstFlaggedAt', 'lastFlaggedAt', 'flaggedTotal', 'blockedTotal', 'warnedTotal', 'hourHead', 'peakPerHour', 'reported'].every((k) => isNum(e[k]))
    && Array.isArray(e.hours) && e.hours.length === 6 && e.hours.every(isNum)
    && isStrArray(e.fingerprints) && isStrArray(e.brands)
    && (e.caseId === null || typeof e.caseId === 'string') && (e.openedAt === null || isNum(e.openedAt))
    && (e.openCase === null || e.openCase === undefined || (typeof e.openCase === 'object' && typeof (e.openCase as { id?: unknown }).id === 'string'
      && typeof (e.openCase as { evidence?: unknown }).evidence === 'object'));
}

export interface LineSnapshot {
  /** The line table slot, base64. */
  table: string;
  /** Extras and open case, JSON; null for a line without filtered traffic. */
  extras: string | null;
}
