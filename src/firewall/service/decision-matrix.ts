// What the firewall does with one classified message, from the recipient's filter settings and the verdict
// (DESIGN S1). One classification with the network policy serves both layers: the network verdict's action says
// whether the network layer blocks, and the score against the client policy's `warnAt` says whether the client
// layer would warn — the engine's policies differ only in thresholds (src/sms/verdict-engine.ts).
import type { Config } from '../../core/index.js';

export interface LayerSettings {
  /** Network-layer blocking applies (false: the subscriber opted out). */
  network: boolean;
  /** The line has the client layer. */
  client: boolean;
}

export interface MatrixPolicy {
  onBlock: Config['firewall']['onBlock'];
  onWarn: Config['firewall']['onWarn'];
  /** The client policy's warn threshold (engine.policies.client.warnAt). */
  clientWarnAt: number;
}

export type MatrixAction = 'forward' | 'reject' | 'drop' | 'quarantine';

/**
 * - network on and the network verdict blocks → `onBlock` (reject or drop);
 * - otherwise, if the client layer would warn (score ≥ client warnAt) and the line has the client layer →
 *   `onWarn` (quarantine or forward) — this is also where a blocked message to a line that opted out of network
 *   filtering ends up: it is judged as the client layer would judge it;
 * - everything else is forwarded.
 */
export function decideAction(settings: LayerSettings, verdict: { action: 'allow' | 'warn' | 'block'; score: number }, policy: MatrixPolicy): MatrixAction {
  if (settings.network && verdict.action === 'block') return policy.onBlock;
  if (settings.client && verdict.score >= policy.clientWarnAt) return policy.onWarn === 'quarantine' ? 'quarantine' : 'forward';
  return 'forward';
}
