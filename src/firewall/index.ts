// The SMS firewall in the message path (DESIGN S1, S6): an SMPP 3.4 proxy that classifies every submit_sm and
// deliver_sm before forwarding it, each line's filter settings, the client-layer quarantine and the decision log;
// and the subscriber's settings page (`page/`), entered through a one-time link from the carrier's member portal.
export type { Decider, Direction, FirewallAction, FirewallDecision, FirewallMessage } from './types.js';
export { createFirewallService, FirewallService, type FirewallServiceDeps } from './service/firewall-service.js';
export { decideAction, type LayerSettings, type MatrixAction, type MatrixPolicy } from './service/decision-matrix.js';
export { DecisionLog, type DecisionQuery, type DecisionRecord, type LoggedAction } from './service/decision-log.js';
export { FilterSettingsStore, DEFAULT_FILTER, type FilterSettings, type FilterSettingsPatch } from './service/filter-settings.js';
export { QuarantineStore, type PendingRelease, type QuarantinedMessage, type QuarantineState, type QuarantineVerdict } from './service/quarantine-store.js';
export { SmppFirewall, type SmppFirewallOptions } from './smpp/smpp-firewall.js';
export { ThreadedDecider, type DeciderReply, type DeciderRequest, type DeciderThreadMessage, type DeciderThreadRequest, type ThreadedDeciderOptions } from './service/threaded-decider.js';
export { decodeText } from './smpp/text-decoding.js';
export { UPSTREAM_DOWN_STATUS } from './smpp/status.js';
export { firewallRoutes, type FirewallRoutesOptions } from './service/firewall.routes.js';
export type { SafeMarkGroup, SafeMarks } from './service/safe-marks.js';
export { PAGE_ACTOR, PageSessionStore, type PageSessionStoreOptions } from './page/page-sessions.js';
export { pageLinkRoutes, type PageLinkRoutesOptions } from './page/page-link.routes.js';
export { settingsPageRoutes, type SettingsPageRoutesOptions } from './page/settings-page.routes.js';
export type { PageTexts } from './page/settings-page.view.js';
