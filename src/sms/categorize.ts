// Category and malware family of an unwanted message, from the evidence the rules collected.
//
// Family follows DESIGN §1: MoqHao sends delivery lures (mostly daytime), KeepSpy impersonates carriers, banks
// and government (mostly evenings). The lure decides first; the hour only breaks a tie.
import type { Evidence } from './verdict-engine.js';
import type { Category, Family } from './verdict.js';

/** Below this score a message is legit whatever the policy thresholds are. */
const UNWANTED_AT = 0.5;

export function decideCategory(score: number, ev: Evidence): Category {
  if (score < UNWANTED_AT) return 'legit';
  const g = ev.groups;
  if (g.has('recruit_strong') || (g.has('recruit_weak') && ev.messengers > 0)) return 'recruitment';
  const lured = g.has('lure_delivery') || g.has('lure_account') || g.has('lure_app_install') || g.has('lure_prepaid');
  // Dating, gambling, loan and investment bait is spam even with a link, unless it also impersonates or lures.
  if (g.has('spam_terms') && !ev.brand && !lured) return 'spam';
  const phishingShape =
    ev.links.length > 0 || g.has('lure_app_install') || /url|リンク|下記|こちら|ログイン/.test(ev.folded);
  if (phishingShape) return 'smishing';
  // No link: a number to call back, or billing and legal threats, is the call-back scam.
  if (ev.hasCallback && (g.has('lure_payment') || g.has('lure_account') || g.has('lure_urgency'))) return 'scam';
  if (g.has('lure_prepaid')) return 'scam';
  if (ev.brand || g.has('lure_delivery') || g.has('lure_account')) return 'smishing';
  if (g.has('lure_payment')) return 'scam';
  if (g.has('recruit_weak')) return 'recruitment';
  return g.has('lure_reward') && !g.has('spam_terms') ? 'smishing' : 'spam';
}

const MOQHAO_BRANDS = new Set(['delivery']);
const KEEPSPY_BRANDS = new Set(['carrier', 'bank', 'card', 'payment', 'government', 'utility']);

export function decideFamily(category: Category, ev: Evidence): Family | null {
  if (category !== 'smishing') return null;
  const g = ev.groups;
  if (g.has('lure_delivery') || (ev.brand && MOQHAO_BRANDS.has(ev.brand.category))) return 'moqhao';
  if (ev.brand && KEEPSPY_BRANDS.has(ev.brand.category)) return 'keepspy';
  if (g.has('lure_account') || g.has('lure_payment') || g.has('lure_prepaid')) return 'keepspy';
  if (ev.hourJst !== null && (ev.brand?.category === 'ecommerce' || ev.brand?.category === 'tech')) {
    return ev.hourJst >= 18 || ev.hourJst < 5 ? 'keepspy' : 'moqhao';
  }
  return 'other';
}
