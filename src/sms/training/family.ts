// What a family of synthetic messages is: one kind of lure or genuine message (MoqHao delivery lure, bank OTP,
// personal chat...), a label, its share of the corpus, the brands it names, how its links look, who sends it,
// and its templates. Each template gets the id `<family>#<index>`; held-out templates (dev only) are chosen
// from that id, so they stay the same whatever the seed.

import type { Rng } from './prng.js';
import type { SynthBrand } from './brands.js';
import type { Slots } from './template.js';

export type Label = 'smishing' | 'scam' | 'recruitment' | 'spam' | 'legit';
export const LABELS: readonly Label[] = ['smishing', 'scam', 'recruitment', 'spam', 'legit'];

/** How the message reached the subscriber (DESIGN §1): an ordinary handset, an aggregator (A2P), or abroad. */
export type Route = 'domestic-mobile' | 'domestic-a2p' | 'overseas';

/** What {url} produces in this family's templates. */
export type LinkKind = 'lure' | 'official' | 'local' | 'shared' | 'none';

/** Who sends: infected/ordinary handsets, A2P aggregators (0005, 0120, fixed), overseas numbers, or a mix. */
export type SenderKind = 'handset' | 'a2p' | 'overseas' | 'lure-mix' | 'spam-mix' | 'a2p-global';

export interface Family {
  id: string;
  label: Label;
  /** Relative share inside its label (see LABEL_SHARE in generate.ts). */
  weight: number;
  /** One is drawn per message; null entries mean "no brand named". */
  brands?: readonly (SynthBrand | null)[];
  link: LinkKind;
  sender: SenderKind;
  /** 0 = tidy A2P text, 1 = chatty/noisy (typos, emoji, odd breaks). */
  noise: number;
  /** Family-specific slots; `brand` is the drawn brand (or null). */
  slots?: (brand: SynthBrand | null, rng: Rng) => Slots;
  templates: readonly string[];
}
