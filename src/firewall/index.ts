// The SMS firewall in the message path (DESIGN S1, S6): an SMPP 3.4 proxy that classifies every submit_sm and
// deliver_sm before forwarding it, each line's filter settings, the client-layer quarantine and the decision log.
export type { Decider, Direction, FirewallAction, FirewallDecision, FirewallMessage } from './types.js';
