// Identifiers: time-ordered, URL-safe, sortable as strings (ULID-like, 26 chars Crockford base32).
import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

// One id is made per SMS verdict event, so the random part comes from a pooled buffer: a crypto call per id
// cost more than classifying the message.
const POOL_SIZE = 16 * 1024;
let pool = randomBytes(POOL_SIZE);
let offset = 0;

export function newId(now: number = Date.now()): string {
  let t = now;
  let time = '';
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32]! + time;
    t = Math.floor(t / 32);
  }
  if (offset + 16 > POOL_SIZE) {
    pool = randomBytes(POOL_SIZE);
    offset = 0;
  }
  let rand = '';
  for (let i = 0; i < 16; i++) rand += ALPHABET[pool[offset + i]! % 32]!;
  offset += 16;
  return time + rand;
}
