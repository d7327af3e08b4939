// The reporter's answer to "what number did it come from?". People answer in a sentence as often as with the
// bare number ("送信元は 090-1234-5678 です", "From: AMAZON"), and some say they do not know. Parsing is strict
// on purpose: the whole answer, once the polite wrapping is gone, must be one sender. A looser reading (any
// number anywhere in the text) would take the call-back number of a scam text forwarded by mistake for the
// sender.
import { normalizeText } from '../../text/index.js';
import { senderOf } from './forwarded.js';

export type SenderReply =
  /** A sender: E.164, 0005 national digits or an upper-case alphanumeric id. */
  | { kind: 'sender'; sender: string }
  /** The reporter says they do not know; asking again would not help. */
  | { kind: 'unknown' }
  /** Not a sender. */
  | { kind: 'invalid' };

// Longer than any sender with its wrapping; longer answers are sentences or a new forward.
const MAX_REPLY = 80;

const PREFIX_JA = /^(?:(?:送信元|送信者|差出人|発信元|発信者|相手)(?:の)?(?:電話)?(?:番号|名)?|(?:電話)?番号)\s*(?:は|:)?\s*/;
// English labels need a separator after them, or "TELSTRA" would lose its first three letters.
const PREFIX_EN = /^(?:(?:the )?(?:sender|from|number|phone|tel)(?: (?:number|no\.?|id|name))?)\s*(?::|=|\bis\b|\s)\s*/i;
const SUFFIX = /\s*(?:から(?:来ました|きました|届きました|でした|です)?|です|でした|だよ|だった)?[\s。.!?！？]*$/;
const WRAPPERS = /^[「『"'“‘(<\s]+|[」』"'”’)>\s]+$/g;

// Answers meaning "I don't know"; they end the dialogue without a second question.
const UNKNOWN =
  /^(?:わから(?:ない|ないです|ん|ず)|わかりません|分から(?:ない|ないです|ず)|分かりません|不明(?:です)?|なし|無し|ないです|知らない|知りません|unknown|don'?t know|do not know|not sure|idk|n\/a|none|no|skip)$/i;
// Everyday words that classifySender would accept as alphanumeric ids; nobody receives scam texts from "OK".
const NOT_A_SENDER = /^(?:ok|okay|yes|yeah|hi|hello|thanks?|thank you|thx|help|stop|test|info)$/i;

/** Reads the reporter's answer to the question for the sender's number. Never throws. */
export function parseSenderReply(text: string): SenderReply {
  const s = normalizeText(text);
  if (s === '' || s.length > MAX_REPLY || s.includes('\n')) return { kind: 'invalid' };
  const bare = s.replace(SUFFIX, '').replace(WRAPPERS, '');
  if (UNKNOWN.test(bare)) return { kind: 'unknown' };
  const value = bare.replace(PREFIX_JA, '').replace(PREFIX_EN, '').replace(SUFFIX, '').replace(WRAPPERS, '');
  if (value === '' || NOT_A_SENDER.test(value) || UNKNOWN.test(value)) {
    return UNKNOWN.test(value) ? { kind: 'unknown' } : { kind: 'invalid' };
  }
  const sender = senderOf(value);
  return sender === null ? { kind: 'invalid' } : { kind: 'sender', sender };
}
