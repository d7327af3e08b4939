// Delivery receipts for messages the proxy accepted and kept back (dropped, or quarantined for the subscriber's
// app). The SMSC never saw them, so it will never send one; an ESME that asked for a receipt would keep the message
// pending until its own expiry. The receipt is ours, in the SMPP 3.4 Appendix B form with the receipted_message_id
// and message_state TLVs, and `firewall.keptBackReceipts` says what it reports. It carries no text of the message.
import type { Config } from '../../core/index.js';

export type KeptBackReceipts = Config['firewall']['keptBackReceipts'];

const MESSAGE_STATE = { delivered: 2, rejected: 8 } as const;

/** Whether registered_delivery (bits 0–1: 1 = a receipt on success or failure, 2 = on failure only) asks for the
 * receipt `mode` reports. */
export function wantsReceipt(registeredDelivery: number, mode: KeptBackReceipts): boolean {
  const asked = registeredDelivery & 0x03;
  if (mode === 'none') return false;
  return mode === 'delivered' ? asked === 1 : asked === 1 || asked === 2;
}

export interface ReceiptAddress {
  addr: string;
  ton: number;
  npi: number;
}

/** deliver_sm fields of the receipt for `messageId`: from the message's recipient back to its sender (addresses cut
 * to deliver_sm's 21 characters: a data_sm's may be longer). */
export function receiptFields(
  messageId: string, recipient: ReceiptAddress, sender: ReceiptAddress, mode: Exclude<KeptBackReceipts, 'none'>, submittedAt: number, doneAt: number,
): Record<string, unknown> {
  const delivered = mode === 'delivered';
  return {
    source_addr_ton: recipient.ton, source_addr_npi: recipient.npi, source_addr: recipient.addr.slice(0, 20),
    dest_addr_ton: sender.ton, dest_addr_npi: sender.npi, destination_addr: sender.addr.slice(0, 20),
    esm_class: 0x04, data_coding: 0,
    short_message: `id:${messageId} sub:001 dlvrd:${delivered ? '001' : '000'} submit date:${smppDate(submittedAt)} done date:${smppDate(doneAt)} stat:${delivered ? 'DELIVRD' : 'REJECTD'} err:000 text:`,
    receipted_message_id: messageId, message_state: MESSAGE_STATE[mode],
  };
}

/** YYMMDDhhmm in Japan time, as the receipt's dates are written. */
function smppDate(ms: number): string {
  const d = new Date(ms + 9 * 3_600_000);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getUTCFullYear() % 100)}${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())}${two(d.getUTCHours())}${two(d.getUTCMinutes())}`;
}
