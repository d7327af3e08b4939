// The STIX 2.1 objects mamoru writes and the shape of what it reads back. Only the properties mamoru sets are
// typed; the specification (OASIS STIX 2.1, CS03 / OS) defines the rest. How each indicator kind is expressed,
// and why: docs/stix.md.
import type { IndicatorKind, IndicatorVerdict } from '../indicator.js';

/** RFC 3339 UTC timestamp with millisecond precision, e.g. `2026-11-22T08:00:00.000Z`. */
export type StixTimestamp = string;

/** The producing operator. One per bundle; every indicator's `created_by_ref` points at it. */
export interface StixIdentity {
  type: 'identity';
  spec_version: '2.1';
  id: string;
  created: StixTimestamp;
  modified: StixTimestamp;
  name: string;
  identity_class: 'organization';
}

/** Declares the mamoru property extension (docs/stix.md, "Extension definition"). Its id and content are
 * constants, so every peer sends a byte-identical object. */
export interface StixExtensionDefinition {
  type: 'extension-definition';
  spec_version: '2.1';
  id: string;
  created_by_ref: string;
  created: StixTimestamp;
  modified: StixTimestamp;
  name: string;
  description: string;
  /** Plain text naming the normative description (STIX allows a URL or plain text here). */
  schema: string;
  version: string;
  extension_types: ['property-extension'];
}

/** The mamoru fields of an indicator, under `extensions[MAMORU_EXTENSION_ID]`. Nothing here identifies a
 * subscriber: no reporter, recipient or message text. */
export interface MamoruIndicatorExtension {
  extension_type: 'property-extension';
  kind: IndicatorKind;
  /** mamoru's normalised value (the same thing the pattern says, in the form lookups use). */
  value: string;
  verdict: IndicatorVerdict;
  /** Where the producing operator got it: `report-hub`, `police`, `partner:<name>`. */
  source: string;
  brand?: string;
  family?: string;
  /** Number of independent reporters; omitted when unknown. */
  reporters?: number;
}

export interface StixIndicator {
  type: 'indicator';
  spec_version: '2.1';
  id: string;
  created_by_ref: string;
  created: StixTimestamp;
  modified: StixTimestamp;
  name: string;
  /** `['malicious-activity']` for 'bad', `['benign']` for 'good' (allow-list). */
  indicator_types: ['malicious-activity'] | ['benign'];
  labels: string[];
  pattern: string;
  pattern_type: 'stix';
  pattern_version: '2.1';
  valid_from: StixTimestamp;
  valid_until?: StixTimestamp;
  /** 0–100. */
  confidence: number;
  extensions: Record<string, MamoruIndicatorExtension>;
}

export type StixObject = StixIdentity | StixExtensionDefinition | StixIndicator;

export interface StixBundle {
  type: 'bundle';
  id: string;
  /** The identity first, then the extension definition, then one indicator per mamoru indicator, in input order. */
  objects: StixObject[];
}

export interface ToStixOptions {
  /** The producing operator. `id` is either a STIX identity id (`identity--<uuid>`, used as is) or any
   * stable operator key (member id, name), from which a UUIDv5 identity id is derived. */
  identity: { id: string; name: string };
  /** ms since epoch: the identity object's created/modified; part of the bundle id. */
  now: number;
}

export interface FromStixOptions {
  /** mamoru `source` for everything imported, e.g. `partner:<name>` of the peer the bundle came from. */
  source: string;
  /** ms since epoch: what "expired" and "not yet valid" are measured against. */
  now: number;
}

/** One indicator read from STIX, in the shape IntelService.upsert takes (IndicatorInput). The value is
 * already normalised, so one bad object cannot make a whole upsert batch fail. */
export interface StixIndicatorImport {
  kind: IndicatorKind;
  value: string;
  verdict: IndicatorVerdict;
  source: string;
  /** 0–1; 0.5 when the STIX object has no confidence. */
  confidence: number;
  /** ms since epoch (valid_until); null = no end. */
  expiresAt: number | null;
  /** ms since epoch: the object's `modified` (for mamoru bundles, lastSeen), never later than `now`. */
  seenAt: number;
  brand: string | null;
  family: string | null;
  /** Provenance: the STIX id, and the producer's own source when the mamoru extension names it. */
  note: string | null;
}

export interface StixSkipped {
  /** The STIX id of the skipped object, when it has a well-formed one; null for the bundle or an object without. */
  id: string | null;
  reason: string;
}

export interface StixImportResult {
  indicators: StixIndicatorImport[];
  skipped: StixSkipped[];
}
