// The intel module: threat-intelligence indicators (phone numbers, URLs, hosts, domains, IPs, message
// fingerprints, sender ids) with source, confidence, first/last seen and expiry; the allow-list is the 'good'
// verdict. The store is the system of record; every process answers lookups from its in-memory index, kept
// current by 'intel.indicators.changed.v1' events.
export {
  INDICATOR_KINDS,
  isIndicatorKind,
  normalizeIndicatorValue,
  type Indicator,
  type IndicatorKind,
  type IndicatorVerdict,
} from './indicator.js';
export { IndicatorIndex, type IndexEntry, type IndexHit } from './indicator-index.js';
export { IndicatorsRepository, MAX_LIST_LIMIT, type IndicatorListOptions } from './indicators.repository.js';
export { IntelService, type IndicatorInput, type IndicatorStore, type IntelServiceDeps, type IntelStats } from './intel.service.js';
export { intelRoutes, type IntelRoutesOptions } from './intel.routes.js';
export * from './stix/stix.js';
export { INDICATOR_COLLECTION_ID, taxiiRoutes, TAXII_MEDIA, TAXII_SOURCE_PREFIX, type TaxiiRoutesOptions } from './taxii/taxii.routes.js';
export { PeerStatusBoard, peersRoutes, type PeerStatus, type PeersRoutesOptions } from './taxii/peer-status.js';
export { metaCursorStore, pullOnce, type PullCursorStore, type PullResult, type TaxiiPeer } from './taxii/taxii-client.js';
