import assert from 'node:assert/strict';
import { test } from 'node:test';
import { receiptFields, wantsReceipt } from './kept-back-receipts.js';

test('a receipt is sent only when registered_delivery asks for that kind', () => {
  assert.deepEqual([0, 1, 2, 3, 0x11].map((r) => wantsReceipt(r, 'delivered')), [false, true, false, false, true]);
  assert.deepEqual([0, 1, 2, 3].map((r) => wantsReceipt(r, 'rejected')), [false, true, true, false]);
  assert.deepEqual([0, 1, 2].map((r) => wantsReceipt(r, 'none')), [false, false, false]);
});

test('the receipt text follows Appendix B, in Japan time, and reports REJECTD when so configured', () => {
  const at = Date.UTC(2026, 11, 7, 15, 4); // 00:04 on the 8th in Japan
  const f = receiptFields('mf1', { addr: '09011112222', ton: 1, npi: 1 }, { addr: 'SHOP', ton: 5, npi: 0 }, 'rejected', at - 60_000, at);
  assert.equal(f.short_message, 'id:mf1 sub:001 dlvrd:000 submit date:2612080003 done date:2612080004 stat:REJECTD err:000 text:');
  assert.deepEqual([f.source_addr, f.destination_addr, f.dest_addr_ton, f.message_state, f.esm_class], ['09011112222', 'SHOP', 5, 8, 4]);
});
