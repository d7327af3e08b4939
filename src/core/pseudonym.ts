// Keyed-HMAC pseudonyms for subscriber numbers and other identifiers (DESIGN §4, secrecy of communications):
// events, logs and anything shared carry the pseudonym, never the number. The same key gives the same
// pseudonym, so records can still be joined inside the operator; without the key it cannot be reversed.
import { createHmac, createSecretKey } from 'node:crypto';

export type Pseudonymizer = (value: string) => string;

/** 'p1:' + the first 128 bits of HMAC-SHA-256(key, value), base64url (25 characters in all). */
export function createPseudonymizer(key: string): Pseudonymizer {
  // A key object made once: handing createHmac the string would prepare the key again on every call.
  const secret = createSecretKey(Buffer.from(key, 'utf8'));
  return (value) => `p1:${createHmac('sha256', secret).update(value).digest('base64url').slice(0, 22)}`;
}
