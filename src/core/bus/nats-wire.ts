// How an event travels on JetStream: the envelope without transport facts, as JSON; the transport facts
// (partition, seq, redelivered) come from the message's delivery information on the way in.
import type { JsMsg } from '@nats-io/jetstream';
import type { Logger } from '../logger.js';
import type { Envelope } from './event-bus.js';
import type { EventMap, Subject } from './events.js';

interface Wire {
  id: string;
  subject: Subject;
  at: number;
  key: string | null;
  payload: unknown;
}

const encoder = new TextEncoder();

export function encodeEvent(w: Wire): Uint8Array {
  return encoder.encode(JSON.stringify(w));
}

/** The frozen envelope of a message, or undefined (logged at error level) when it is not a mamoru event of
 * this subject. `ack` is set on the envelope when given (manual mode). */
export function decodeEvent(m: JsMsg, subject: Subject, partition: number, ack: (() => void) | undefined, logger: Logger): Envelope | undefined {
  let w: Wire;
  try {
    w = m.json<Wire>();
    if (typeof w.id !== 'string' || typeof w.at !== 'number' || w.subject !== subject) throw new Error('not a mamoru event envelope');
  } catch (err) {
    logger.error({ err, subject, partition, seq: m.info.streamSequence }, 'event bus: undecodable message dropped');
    return undefined;
  }
  const env: Envelope = {
    id: w.id, subject, at: w.at, key: w.key ?? null, payload: w.payload as EventMap[Subject], partition,
    seq: m.info.streamSequence, redelivered: m.redelivered,
  };
  if (ack) env.ack = ack;
  return Object.freeze(env);
}
