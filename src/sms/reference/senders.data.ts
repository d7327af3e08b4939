// Built-in sender registry seed. The 0005 carrier common numbers and alphanumeric sender ids below are SAMPLE
// registrations: the numbering is real in shape (0005 + 4–6 digits) but the assignments are illustrative, so
// they ship with vetting 'pending' and earn no credit. They show the shape of the registry; an operator loads
// the council's vetted list into the `senders` table (the management API comes with the SMS firewall issue).
import type { SenderSeed } from '../sender-registry.js';

export const SENDER_SEEDS: readonly SenderSeed[] = [
  { sender: '0005010001', senderType: 'common', brandId: 'yamato', owner: 'ヤマト運輸 (sample)' },
  { sender: '0005010002', senderType: 'common', brandId: 'sagawa', owner: '佐川急便 (sample)' },
  { sender: '0005010003', senderType: 'common', brandId: 'japanpost', owner: '日本郵便 (sample)' },
  { sender: '0005020001', senderType: 'common', brandId: 'docomo', owner: 'NTTドコモ (sample)' },
  { sender: '0005020002', senderType: 'common', brandId: 'au', owner: 'KDDI (sample)' },
  { sender: '0005020003', senderType: 'common', brandId: 'softbank', owner: 'ソフトバンク (sample)' },
  { sender: '0005020004', senderType: 'common', brandId: 'rakuten_mobile', owner: '楽天モバイル (sample)' },
  { sender: '00053001', senderType: 'common', brandId: 'mufg', owner: '三菱UFJ銀行 (sample)' },
  { sender: '00053002', senderType: 'common', brandId: 'smbc', owner: '三井住友カード (sample)' },
  { sender: '00053003', senderType: 'common', brandId: 'mizuho', owner: 'みずほ銀行 (sample)' },
  { sender: '00053004', senderType: 'common', brandId: 'yucho', owner: 'ゆうちょ銀行 (sample)' },
  { sender: '000540001', senderType: 'common', brandId: 'amazon', owner: 'Amazon (sample)' },
  { sender: '000540002', senderType: 'common', brandId: 'rakuten', owner: '楽天グループ (sample)' },
  { sender: 'AMAZON', senderType: 'alphanumeric', brandId: 'amazon', owner: 'Amazon (sample)' },
  { sender: 'DOCOMO', senderType: 'alphanumeric', brandId: 'docomo', owner: 'NTTドコモ (sample)' },
  { sender: 'SMBC', senderType: 'alphanumeric', brandId: 'smbc', owner: '三井住友カード (sample)' },
  { sender: 'APPLE', senderType: 'alphanumeric', brandId: 'apple', owner: 'Apple (sample)' },
  { sender: 'GOOGLE', senderType: 'alphanumeric', brandId: 'google', owner: 'Google (sample)' },
];
