// The STIX 2.1 mapping of mamoru indicators (for the TAXII exchange between operators): pure functions from
// indicators to a bundle and back. Re-exported by the intel module's index.ts; docs/stix.md describes it.
export { toStixBundle, stixIndicatorId, stixIdentityId, MAMORU_EXTENSION_DEFINITION, type ExportableIndicator } from './to-stix.js';
export { fromStixBundle, MAX_STIX_OBJECTS, MAX_STIX_INPUT_BYTES } from './from-stix.js';
export { MAMORU_EXTENSION_ID, MAMORU_STIX_NAMESPACE } from './stix-pattern.js';
export type * from './stix.types.js';
