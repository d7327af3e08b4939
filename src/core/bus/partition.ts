// Partitioning shared by every transport. One hash function decides which partition a key belongs to, so a key
// lands on the same partition — and so at the same group member — whichever bus carries it, and a worker's
// `--partitions` list means the same thing in-process and on JetStream.
import { AppError } from '../errors.js';

/** Partitions per subject when the configuration does not say (`bus.partitions`). */
export const DEFAULT_PARTITIONS = 8;
/** Most partitions a bus accepts (one durable consumer per partition and group on JetStream). */
export const MAX_PARTITIONS = 1024;

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** One FNV-1a step. At module level: a closure made per call (and named per call by the TypeScript loader) cost
 * more than the hashing on the verdict path. */
function mix(h: number, b: number): number {
  return Math.imul(h ^ b, FNV_PRIME);
}

/**
 * The partition of a key: 32-bit FNV-1a over the key's UTF-8 bytes, mod `partitions`; a null key is partition 0.
 * Stable across processes, versions and languages (a tool in another language reproduces it from the UTF-8
 * bytes), because events already stored on a partition must keep matching the partition their key computes to.
 */
export function partitionOf(key: string | null, partitions: number): number {
  if (key === null) return 0;
  let h = FNV_OFFSET;
  // UTF-8 encoding inline (no allocation per key); a lone surrogate counts as U+FFFD, as TextEncoder does.
  for (let i = 0; i < key.length; i++) {
    let c = key.charCodeAt(i);
    if (c < 0x80) {
      h = mix(h, c);
      continue;
    }
    if (c < 0x800) {
      h = mix(h, 0xc0 | (c >> 6));
      h = mix(h, 0x80 | (c & 0x3f));
      continue;
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      const next = i + 1 < key.length ? key.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
        i++;
        h = mix(h, 0xf0 | (c >> 18));
        h = mix(h, 0x80 | ((c >> 12) & 0x3f));
        h = mix(h, 0x80 | ((c >> 6) & 0x3f));
        h = mix(h, 0x80 | (c & 0x3f));
        continue;
      }
      c = 0xfffd;
    }
    h = mix(h, 0xe0 | (c >> 12));
    h = mix(h, 0x80 | ((c >> 6) & 0x3f));
    h = mix(h, 0x80 | (c & 0x3f));
  }
  return (h >>> 0) % partitions;
}

/** Throws CONFIG_INVALID unless `n` is a whole number of partitions from 1 to MAX_PARTITIONS. */
export function checkPartitionCount(n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > MAX_PARTITIONS) {
    throw new AppError('CONFIG_INVALID', `the event bus needs 1–${MAX_PARTITIONS} partitions, got ${n}`);
  }
  return n;
}

/** Validates a subscription's partition list against the bus's partition count; returns it as a set. */
export function checkPartitionList(list: readonly number[], partitions: number): ReadonlySet<number> {
  const bad = list.filter((p) => !Number.isInteger(p) || p < 0 || p >= partitions);
  if (list.length === 0 || bad.length > 0) {
    throw new AppError(
      'CONFIG_INVALID',
      list.length === 0
        ? 'the partitions list of a subscription is empty; omit it to consume every partition'
        : `partitions ${bad.join(', ')} do not exist: this bus has partitions 0–${partitions - 1}`,
    );
  }
  return new Set(list);
}

/**
 * Parses a partition list as a worker is given it (`0-3`, `0,2,5-7`) into sorted partition numbers, checked
 * against the partition count. Throws CONFIG_INVALID naming the bad part.
 */
export function parsePartitionList(spec: string, partitions: number): number[] {
  const out = new Set<number>();
  for (const part of spec.split(',').map((s) => s.trim())) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    const from = m ? Number(m[1]) : NaN;
    const to = m?.[2] !== undefined ? Number(m[2]) : from;
    if (!m || to < from) throw new AppError('CONFIG_INVALID', `bad partition list "${spec}": "${part}" is not N or N-M`);
    if (to >= partitions) throw new AppError('CONFIG_INVALID', `bad partition list "${spec}": the bus has partitions 0–${partitions - 1}`);
    for (let p = from; p <= to; p++) out.add(p);
  }
  return [...out].sort((a, b) => a - b);
}

/**
 * Which member of a group consumes each partition. `members` are the members in the order they joined, each
 * with the partitions it accepts (undefined = all). Partition p goes to the eligible members' (p mod count)-th,
 * so the split is deterministic, even when every member accepts everything, and changes only when a member
 * joins or leaves. Returns, per partition, the member's index, or -1 when no member accepts it.
 */
export function assignPartitions(members: ReadonlyArray<ReadonlySet<number> | undefined>, partitions: number): number[] {
  const owners: number[] = [];
  for (let p = 0; p < partitions; p++) {
    const eligible: number[] = [];
    members.forEach((accepts, i) => {
      if (!accepts || accepts.has(p)) eligible.push(i);
    });
    owners.push(eligible.length === 0 ? -1 : eligible[p % eligible.length]!);
  }
  return owners;
}
