// The simulator's records: what the network sees (SmsRecord, one line of sms.jsonl), what the simulator knows
// (TruthRecord, one line of truth.jsonl; SimMessage.label in memory), and the run summary (SimMeta, meta.json).

import type { Carrier, LineCarrier } from './population.js';
import type { HeavyProfile } from './texts-heavy.js';
import type { Family } from './texts-smishing.js';

export type { Carrier, LineCarrier } from './population.js';
export type { HeavyProfile } from './texts-heavy.js';
export type { Family } from './texts-smishing.js';

/** How a message entered the network: a handset, an SMS aggregator (A2P), or an international gateway. */
export type Route = 'handset' | 'aggregator' | 'international';

/** What a message really is; never written to sms.jsonl. */
export type MessageLabel = 'chat' | 'a2p' | 'heavy_legit' | 'moqhao' | 'keepspy' | 'overseas_smishing';

/** One line of sms.jsonl, fields in this order. */
export interface SmsRecord {
  /** "s" + 8 or more digits, increasing with time. */
  id: string;
  /** ISO 8601 UTC with milliseconds. */
  ts: string;
  /** E.164 for handsets (Japanese or foreign), a 0005 number or an alphanumeric sender id for A2P. */
  from: string;
  /** E.164 of the recipient (Japanese mobile, or foreign when a subscriber texts abroad). */
  to: string;
  body: string;
  route: Route;
  /**
   * The operator the message passes on the subscriber side: for handset messages the sender's carrier (the
   * originating network, where an infected handset can be seen), otherwise the recipient's carrier. "other" for
   * numbers outside the population (networks the simulation does not model).
   */
  carrier: LineCarrier;
  /** The recipient's carrier ("other" outside the population), or null when the recipient is abroad. */
  toCarrier: LineCarrier | null;
}

/** A message in memory: the record plus its time in epoch ms and its true label. */
export interface SimMessage extends SmsRecord {
  tsMs: number;
  label: MessageLabel;
}

export interface InfectedTruth {
  kind: 'infected';
  line: string;
  family: Family;
  /** When the malware was installed (ISO); it starts sending some minutes to hours later. */
  infectedAt: string;
  /** Factory reset within the run (ISO), or null if the handset was still infected at the end. */
  cleanedAt: string | null;
  source: 'seed' | 'spread';
  /** For spread infections, the infected line whose SMS the owner followed. */
  parent: string | null;
  /** Smishing messages the handset sent during the run (0 if it was infected just before the end). */
  sent: number;
  /** Time of its first smishing message (ISO), or null. */
  firstSentAt: string | null;
  /** The time of every smishing message it sent, ms since the epoch (which of its messages in sms.jsonl are the
   * malware's, as opposed to its owner's own). */
  smishingAt: number[];
}

export interface HeavyLegitTruth {
  kind: 'heavy_legit';
  line: string;
  profile: HeavyProfile;
}

export type TruthRecord = InfectedTruth | HeavyLegitTruth;

export interface SimCounts {
  messages: number;
  byRoute: Record<Route, number>;
  byLabel: Record<MessageLabel, number>;
  subscriberLines: number;
  infectedLines: number;
  infectedBySource: { seed: number; spread: number };
  infectedByFamily: Record<Family, number>;
  cleanedLines: number;
  heavyLegitLines: number;
  smishingMessages: { total: number; moqhao: number; keepspy: number; overseas: number };
  legitMessages: number;
}

export interface SimMeta {
  seed: number;
  subscribers: number;
  days: number;
  /** The --start date (JST calendar day). */
  start: string;
  /** First and last instant of the run (ISO, UTC): 00:00 JST on start, then + days. */
  startAt: string;
  end: string;
  /** The operator running mamoru (the first carrier): the one subscribers.csv describes. */
  operator: Carrier;
  carriers: readonly Carrier[];
  parameters: Readonly<Record<string, number>>;
  counts: SimCounts;
}
