// The sender registry: 0005 carrier common numbers and alphanumeric sender ids with their owners and vetting
// state (DESIGN S6). The verdict engine reads the in-memory copy; changes go to the store first and are applied
// to memory at once, so a registration is effective on the next message.

export type RegisteredSenderType = 'common' | 'alphanumeric' | 'phone' | 'shortcode';
export type Vetting = 'vetted' | 'pending' | 'revoked';

export interface SenderSeed {
  /** Normalised: 0005 digits, E.164, or upper-case alphanumeric id. */
  sender: string;
  senderType: RegisteredSenderType;
  brandId: string | null;
  owner: string;
  vetting?: Vetting;
  /** Registrable domains the sender links to; defaults to its brand's official domains. */
  officialDomains?: string[];
}

export interface SenderRegistration {
  id: string;
  sender: string;
  senderType: RegisteredSenderType;
  brandId: string | null;
  owner: string;
  vetting: Vetting;
  officialDomains: string[];
  createdAt: number;
  updatedAt: number;
}

export class SenderRegistry {
  private readonly bySender = new Map<string, SenderRegistration>();

  load(rows: Iterable<SenderRegistration>): void {
    this.bySender.clear();
    for (const r of rows) this.bySender.set(r.sender, r);
  }

  set(r: SenderRegistration): void {
    this.bySender.set(r.sender, r);
  }

  delete(sender: string): void {
    this.bySender.delete(sender);
  }

  /** The registration for a normalised sender, vetted or not (callers decide what pending means). */
  get(sender: string): SenderRegistration | undefined {
    return this.bySender.get(sender);
  }

  get size(): number {
    return this.bySender.size;
  }

  all(): SenderRegistration[] {
    return [...this.bySender.values()];
  }
}
