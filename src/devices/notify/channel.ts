// The notice channels' shared shapes: what a rendered notice holds, who it goes to, and the one interface every
// channel (e-mail, SMS, letter) implements.
import type { NoticeChannelName } from '../../subscribers/index.js';

export type { NoticeChannelName };

/** The directory's contact data for one line, as a channel needs it. */
export interface NoticeContact {
  /** E.164. */
  line: string;
  contractId: string;
  name: string;
  email: string | null;
  postalCode: string | null;
  address: string | null;
}

/** What the notice says about the evidence: counts and times only (no message content, no recipients). */
export interface NoticeFacts {
  /** Flagged messages from the line since its case opened. */
  flagged: number;
  /** First and last flagged message, ms since epoch. */
  firstAt: number;
  lastAt: number;
  /** Malware family the evidence points to, or null. */
  family: string | null;
}

export interface RenderedNotice {
  noticeId: string;
  /** Quoted by the subscriber when calling support, e.g. N-01JH…; also the letter's id. */
  reference: string;
  /** 1, 2, … per line. */
  noticeNo: number;
  caseId: string;
  /** ms since epoch. */
  createdAt: number;
  facts: NoticeFacts;
  /** E-mail subject, Japanese. */
  subject: string;
  /** The full notice, Japanese first then English: the e-mail text part and the letter body. */
  text: string;
  /** The SMS text: Japanese, short, no link. */
  sms: string;
}

export interface NoticeChannel {
  readonly name: NoticeChannelName;
  /** Delivers one notice; resolves once the mail server, gateway or file has accepted it. A failure rejects with an
   * error whose message names neither the contact nor the text. */
  send(notice: RenderedNotice, contact: NoticeContact): Promise<{ messageId?: string }>;
}

/** Whether a contact can be reached on a channel at all (the SMS channel needs only the line). */
export function reachable(channel: NoticeChannelName, contact: NoticeContact): boolean {
  if (channel === 'email') return contact.email !== null;
  if (channel === 'letter') return contact.postalCode !== null && contact.address !== null;
  return true;
}
