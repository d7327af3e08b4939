// One subscriber row of the directory, and the validation every entry path (CLI import, API) shares. Validation
// messages name the field and never repeat the value: they end up in logs and on the terminal.
import { AppError, type ConsentStatus } from '../core/index.js';
import { normalizeLine } from './line.js';

/** Channels an infected-handset notice can go through, in the default fallback order. */
export const NOTICE_CHANNELS = ['email', 'sms', 'letter'] as const;
export type NoticeChannelName = (typeof NOTICE_CHANNELS)[number];

export interface SubscriberInput {
  /** The line in any accepted form ("090-1234-5678", "09012345678", "+819012345678"). */
  line: string;
  contractId: string;
  /** The contract holder's name as letters are addressed. */
  name: string;
  email: string | null;
  /** Japanese postal code, stored as 123-4567. */
  postalCode: string | null;
  address: string | null;
  /** Preferred notice channel; null = the default order. */
  channel: NoticeChannelName | null;
  /** Consent as the carrier's customer system holds it, if the file has the column. An import never turns an
   * opt-out back into "covered" (see ConsentRegistry.applyImported). */
  consent: ConsentStatus | null;
}

export interface Subscriber {
  lineKey: string;
  /** E.164. */
  line: string;
  contractId: string;
  name: string;
  email: string | null;
  postalCode: string | null;
  address: string | null;
  channel: NoticeChannelName | null;
  /** ms since epoch. */
  updatedAt: number;
}

/** The import file's columns; `consent` is optional. */
export const SUBSCRIBER_FIELDS = ['line', 'contract_id', 'name', 'email', 'postal_code', 'address', 'channel', 'consent'] as const;

/** C0 control characters and DEL: a newline in a name or address would break the letter CSV and e-mail headers. */
function hasControl(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}
// Deliberately loose (the mail server is the judge); excludes what would break a header or smuggle a second address.
const EMAIL = /^[^\s@<>(),;:"\\[\]]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

function text(o: Record<string, unknown>, key: string, max: number, required: boolean, problems: string[]): string | null {
  const v = o[key];
  if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) {
    if (required) problems.push(`${key} is required`);
    return null;
  }
  if (typeof v !== 'string') {
    problems.push(`${key} must be text`);
    return null;
  }
  const s = v.normalize('NFKC').trim();
  if (s.length > max) problems.push(`${key} is longer than ${max} characters`);
  else if (hasControl(s)) problems.push(`${key} holds control characters`);
  else return s;
  return null;
}

/**
 * Validates one raw row (CSV cells by header name, or a JSONL object with the same keys) into a SubscriberInput.
 * Throws INVALID_LINE for a bad number, VALIDATION_FAILED naming every other bad field.
 */
export function parseSubscriberRow(raw: unknown): SubscriberInput {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new AppError('VALIDATION_FAILED', 'a subscriber is an object with the columns line, contract_id, name, …');
  const o = raw as Record<string, unknown>;
  const unknown = Object.keys(o).filter((k) => !(SUBSCRIBER_FIELDS as readonly string[]).includes(k));
  if (unknown.length > 0) throw new AppError('VALIDATION_FAILED', `unknown field(s): ${unknown.join(', ')}`);
  if (typeof o.line !== 'string' || normalizeLine(o.line) === null) {
    throw new AppError('INVALID_LINE', 'line is not a Japanese mobile number (070/080/090 and 8 digits, or +81 and 10 digits)');
  }
  const problems: string[] = [];
  const contractId = text(o, 'contract_id', 64, true, problems);
  const name = text(o, 'name', 100, true, problems);
  const email = text(o, 'email', 254, false, problems);
  if (email !== null && !EMAIL.test(email)) problems.push('email is not an e-mail address');
  let postalCode = text(o, 'postal_code', 10, false, problems);
  if (postalCode !== null) {
    const m = /^〒?\s*(\d{3})-?(\d{4})$/.exec(postalCode);
    if (m) postalCode = `${m[1]!}-${m[2]!}`;
    else problems.push('postal_code is not a Japanese postal code (123-4567)');
  }
  const address = text(o, 'address', 200, false, problems);
  if ((postalCode === null) !== (address === null)) problems.push('postal_code and address go together (a letter needs both)');
  const channel = text(o, 'channel', 10, false, problems);
  if (channel !== null && !(NOTICE_CHANNELS as readonly string[]).includes(channel)) problems.push(`channel must be one of ${NOTICE_CHANNELS.join(', ')}`);
  if (channel === 'email' && email === null) problems.push('channel is email but there is no email');
  if (channel === 'letter' && address === null) problems.push('channel is letter but there is no postal address');
  const consent = text(o, 'consent', 10, false, problems);
  if (consent !== null && consent !== 'covered' && consent !== 'opted_out') problems.push('consent must be covered or opted_out');
  if (problems.length > 0) throw new AppError('VALIDATION_FAILED', problems.join('; '), problems.map((message) => ({ message })));
  return {
    line: o.line, contractId: contractId!, name: name!, email, postalCode, address,
    channel: channel as NoticeChannelName | null, consent: consent as ConsentStatus | null,
  };
}
