// Identifiers: time-ordered, URL-safe, sortable as strings (ULID-like, 26 chars Crockford base32).
import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

// One id is made per SMS verdict event, so the random part comes from a pooled buffer: a crypto call per id
// cost more than classifying the message.
const POOL_SIZE = 16 * 1024;
let pool = randomBytes(POOL_SIZE);
let offset = 0;

/** The alphabet as byte codes, and one scratch buffer the id is written into (a single string is then made from it,
 * instead of 26 concatenations). */
const CODES = Buffer.from(ALPHABET, 'latin1');
const SCRATCH = Buffer.alloc(26);

export function newId(now: number = Date.now()): string {
  // Whole, non-negative milliseconds: a fraction or NaN would index past the alphabet.
  let t = Number.isFinite(now) && now > 0 ? Math.floor(now) : 0;
  for (let i = 9; i >= 0; i--) {
    SCRATCH[i] = CODES[t % 32]!;
    t = Math.floor(t / 32);
  }
  if (offset + 16 > POOL_SIZE) {
    pool = randomBytes(POOL_SIZE);
    offset = 0;
  }
  for (let i = 0; i < 16; i++) SCRATCH[10 + i] = CODES[pool[offset + i]! % 32]!;
  offset += 16;
  return SCRATCH.toString('latin1', 0, 26);
}
