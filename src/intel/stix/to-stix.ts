// mamoru indicators → one STIX 2.1 bundle. Pure: the same indicators, identity and `now` give the same bundle,
// byte for byte. What is shared and why: docs/stix.md.
import type { Indicator } from '../indicator.js';
import {
  MAMORU_EXTENSION_ID,
  MAMORU_PROJECT_IDENTITY_ID,
  MAMORU_STIX_NAMESPACE,
  formatTimestamp,
  patternFor,
} from './stix-pattern.js';
import type { MamoruIndicatorExtension, StixBundle, StixExtensionDefinition, StixIdentity, StixIndicator, ToStixOptions } from './stix.types.js';
import { uuidV5, uuidV5Parts } from './uuid-v5.js';

/** An indicator to export; `reporters` (independent reporters) is shared when the caller knows it. */
export type ExportableIndicator = Indicator & { reporters?: number | null };

const STIX_IDENTITY_ID = /^identity--[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The STIX id of a mamoru indicator: UUIDv5 of kind and normalised value, so every operator that shares the
 * same indicator sends the same id and a receiver holds one object with versions, not copies. */
export function stixIndicatorId(kind: Indicator['kind'], value: string): string {
  return `indicator--${uuidV5(MAMORU_STIX_NAMESPACE, `${kind}:${value}`)}`;
}

/** The identity id for an operator key (see ToStixOptions.identity). */
export function stixIdentityId(id: string): string {
  return STIX_IDENTITY_ID.test(id) ? id : `identity--${uuidV5(MAMORU_STIX_NAMESPACE, `identity:${id}`)}`;
}

/** Constant, so it is identical in every bundle from every operator; bump `version` (and the id's name) only
 * with an incompatible change to the extension's properties. */
export const MAMORU_EXTENSION_DEFINITION: Readonly<StixExtensionDefinition> = Object.freeze<StixExtensionDefinition>({
  type: 'extension-definition',
  spec_version: '2.1',
  id: MAMORU_EXTENSION_ID,
  created_by_ref: MAMORU_PROJECT_IDENTITY_ID,
  created: '2026-11-22T00:00:00.000Z',
  modified: '2026-11-22T00:00:00.000Z',
  name: 'mamoru indicator',
  description:
    'mamoru indicator properties: kind (phone, url, host, domain, ip, fingerprint, sender_id), normalised value, ' +
    'verdict (bad, good), source, brand, family, reporters. Phone numbers and SMS template fingerprints and sender ' +
    'ids are matched by patterns over the x-mamoru-phone-number and x-mamoru-sms observables, after MISP\'s ' +
    'phone-number and short-message-service object templates.',
  schema: 'docs/stix.md in the mamoru source tree, section "Extension definition"',
  version: '1.0.0',
  extension_types: ['property-extension'],
});

function confidence100(c: number): number {
  if (!Number.isFinite(c)) return 0;
  return Math.min(100, Math.max(0, Math.round(c * 100)));
}

/** Short display name; the pattern carries the full value. */
function displayName(ind: Indicator): string {
  const v = ind.value.length > 200 ? `${ind.value.slice(0, 199)}…` : ind.value;
  return `${ind.verdict === 'good' ? 'allow-listed' : 'bad'} ${ind.kind} ${v}`;
}

function labels(ind: Indicator): string[] {
  const out = [ind.verdict === 'good' ? 'allow-list' : 'block-list', `kind:${ind.kind}`];
  if (ind.brand) out.push(`brand:${ind.brand}`);
  if (ind.family) out.push(`family:${ind.family}`);
  return out;
}

function toIndicator(ind: ExportableIndicator, identityId: string): StixIndicator {
  // STIX requires modified ≥ created and valid_until > valid_from; a stored indicator should already satisfy
  // both, and one that does not is clamped rather than sent invalid.
  const created = ind.firstSeen;
  const modified = Math.max(ind.lastSeen, created);
  const ext: MamoruIndicatorExtension = {
    extension_type: 'property-extension',
    kind: ind.kind,
    value: ind.value,
    verdict: ind.verdict,
    source: ind.source,
  };
  if (ind.brand) ext.brand = ind.brand;
  if (ind.family) ext.family = ind.family;
  if (typeof ind.reporters === 'number' && Number.isInteger(ind.reporters) && ind.reporters >= 0) ext.reporters = ind.reporters;
  const out: StixIndicator = {
    type: 'indicator',
    spec_version: '2.1',
    id: stixIndicatorId(ind.kind, ind.value),
    created_by_ref: identityId,
    created: formatTimestamp(created),
    modified: formatTimestamp(modified),
    name: displayName(ind),
    indicator_types: ind.verdict === 'good' ? ['benign'] : ['malicious-activity'],
    labels: labels(ind),
    pattern: patternFor(ind.kind, ind.value),
    pattern_type: 'stix',
    pattern_version: '2.1',
    valid_from: formatTimestamp(created),
    ...(ind.expiresAt === null ? {} : { valid_until: formatTimestamp(Math.max(ind.expiresAt, created + 1)) }),
    confidence: confidence100(ind.confidence),
    // The note is free text an analyst wrote and may name people; it is never shared.
    extensions: { [MAMORU_EXTENSION_ID]: ext },
  };
  return out;
}

/**
 * One bundle: the producing operator's identity, the mamoru extension definition, and one indicator per input
 * (in input order). Values must already be normalised (as stored). Shares nothing about subscribers: the
 * Indicator type holds no reporter or recipient, and its note is left out. Throws RangeError when a timestamp
 * is not a valid ms time (a corrupt row); nothing else.
 */
export function toStixBundle(indicators: readonly ExportableIndicator[], opts: ToStixOptions): StixBundle {
  const identityId = stixIdentityId(opts.identity.id);
  const identity: StixIdentity = {
    type: 'identity',
    spec_version: '2.1',
    id: identityId,
    created: formatTimestamp(opts.now),
    modified: formatTimestamp(opts.now),
    name: opts.identity.name,
    identity_class: 'organization',
  };
  const objects = indicators.map((i) => toIndicator(i, identityId));
  // Deterministic like everything else here; it changes when the identity, `now`, or any object id or version
  // does. (A bundle id only names one transfer; receivers key on object ids.)
  const bundleId = uuidV5Parts(MAMORU_STIX_NAMESPACE, (function* () {
    yield `bundle:${identityId}`;
    yield identity.modified;
    for (const o of objects) yield `${o.id}@${o.modified}`;
  })());
  return { type: 'bundle', id: `bundle--${bundleId}`, objects: [identity, { ...MAMORU_EXTENSION_DEFINITION, extension_types: ['property-extension'] }, ...objects] };
}
