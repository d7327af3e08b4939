// The firewall's contract between the SMPP proxy (which decodes, reassembles and forwards PDUs) and the decider
// (which classifies, applies the recipient's filter settings, quarantines and logs).

export type Direction = 'submit_sm' | 'deliver_sm';

/** One whole message as the proxy saw it (concatenated parts already reassembled). */
export interface FirewallMessage {
  direction: Direction;
  /** system_id of the bound peer it came from. */
  peer: string;
  /** source_addr as received (number or alphanumeric sender id); null when empty. */
  from: string | null;
  /** destination_addr as received; null when empty. */
  to: string | null;
  /** The decoded text; null when it could not be decoded (the decider applies `firewall.undecodable`). */
  text: string | null;
  /** How it reached the network, from the peer's (or the upstream's) `route` in the configuration; absent: unknown. */
  route?: 'handset' | 'aggregator' | 'international';
  /** ms since epoch. */
  receivedAt: number;
}

/** What the proxy does with the message: forward it, refuse it with `status`, accept it and drop it, or accept it
 * and keep it in the recipient's quarantine (not forwarded). */
export type FirewallAction = 'forward' | 'reject' | 'drop' | 'quarantine';

export interface FirewallDecision {
  action: FirewallAction;
  /** command_status for action reject. */
  status?: number;
  /** The decision log row's id. */
  decisionId: string;
  /** The verdict engine's action and score (absent when the text could not be decoded). */
  verdict?: { action: 'allow' | 'warn' | 'block'; score: number; category: string };
}

export interface Decider {
  /** Decides one message. Resolves only when anything the decision keeps (a quarantined body) is stored. */
  decide(msg: FirewallMessage): Promise<FirewallDecision>;
}
