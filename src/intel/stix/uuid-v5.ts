// Name-based UUIDs (RFC 9562 §5.5, version 5: SHA-1 of namespace + name). STIX ids built from them are the same
// on every peer for the same input, which is what lets a receiver recognise a re-sent object as a new version
// of one it already holds instead of a second copy.
import { createHash } from 'node:crypto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function uuidBytes(uuid: string): Buffer {
  if (!UUID.test(uuid)) throw new TypeError('namespace must be a UUID');
  return Buffer.from(uuid.replace(/-/g, ''), 'hex');
}

function format(digest: Buffer): string {
  const b = Buffer.from(digest.subarray(0, 16));
  b[6] = (b[6]! & 0x0f) | 0x50; // version 5
  b[8] = (b[8]! & 0x3f) | 0x80; // RFC 4122 variant
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** UUIDv5 of `name` (UTF-8) in `namespace` (a UUID string), lower-case. */
export function uuidV5(namespace: string, name: string): string {
  return format(createHash('sha1').update(uuidBytes(namespace)).update(name, 'utf8').digest());
}

/** UUIDv5 over several parts without concatenating them first (a bundle id over thousands of object ids).
 * Parts are separated by a NUL, which no STIX id or timestamp contains. */
export function uuidV5Parts(namespace: string, parts: Iterable<string>): string {
  const h = createHash('sha1').update(uuidBytes(namespace));
  let first = true;
  for (const p of parts) {
    if (!first) h.update('\0');
    h.update(p, 'utf8');
    first = false;
  }
  return format(h.digest());
}
