// The subscribers module: the subscriber directory (line → contract → contact, imported from the carrier's customer
// system; every lookup audited) and the consent registry for infected-handset warnings (covered by the terms of
// service by default, opt-out at any time, every change audited with history), with their HTTP routes and the
// public notice page. Lines are known by their keyed-HMAC pseudonym, the same senderKey the SMS verdicts carry.
export { LineKeys, normalizeLine, type LineId } from './line.js';
export {
  NOTICE_CHANNELS, parseSubscriberRow, SUBSCRIBER_FIELDS, type NoticeChannelName, type Subscriber, type SubscriberInput,
} from './subscriber.js';
export { SubscriberDirectory, type AccessContext, type ImportResult, type SubscriberDirectoryOptions } from './directory.js';
export {
  CONSENT_SOURCES, CONSENT_STATUSES, ConsentRegistry, type ConsentChange, type ConsentRegistryOptions, type ConsentState,
} from './consent.js';
export { consentRoutes, type ConsentRoutesOptions } from './consent.routes.js';
export { noticePageRoutes, type NoticePageRoutesOptions } from './notice-page.routes.js';
