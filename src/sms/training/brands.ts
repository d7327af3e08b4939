// Brands the synthetic generator writes about: how people and lures spell them, the domains genuine messages
// link to, and the stems criminals build lookalike hosts from. Lookalike stems are fragments, never a real
// brand domain: links.ts glues them to cheap TLDs and random tails.

export type BrandGroup = 'delivery' | 'carrier' | 'bank' | 'card' | 'payment' | 'ecommerce' | 'tech' | 'government' | 'utility';

export interface SynthBrand {
  id: string;
  group: BrandGroup;
  /** Spellings seen in messages; the first is the most common. */
  names: readonly string[];
  /** Hosts genuine messages link to (the brand's own domains). */
  official: readonly string[];
  /** Fragments for lookalike hosts (yamato, sagawa-exp, docomo-pay...). */
  stems: readonly string[];
}

function b(id: string, group: BrandGroup, names: string[], official: string[], stems: string[]): SynthBrand {
  return { id, group, names, official, stems };
}

export const BRANDS = {
  yamato: b('ヤマト運輸', 'delivery', ['ヤマト運輸', 'クロネコヤマト', 'ヤマト', 'クロネコ', 'ヤマト運輸株式会社'], ['www.kuronekoyamato.co.jp', 'member.kms.kuronekoyamato.co.jp', 'toi.kuronekoyamato.co.jp'], ['yamato', 'kuroneko', 'kuronekoyamato', 'yamato-un', 'ymt', 'kuroneko-ymt']),
  sagawa: b('佐川急便', 'delivery', ['佐川急便', '佐川', 'SAGAWA', '佐川急便株式会社'], ['www.sagawa-exp.co.jp', 'k2k.sagawa-exp.co.jp'], ['sagawa', 'sagawa-exp', 'sagawaexp', 'sgw', 'sagawa-jp']),
  japanpost: b('日本郵便', 'delivery', ['日本郵便', '郵便局', 'ゆうパック', 'JP POST', '日本郵便株式会社'], ['trackings.post.japanpost.jp', 'www.post.japanpost.jp', 'mgmt.post.japanpost.jp'], ['japanpost', 'jppost', 'post-jp', 'japan-post', 'yubin', 'jp-post']),
  amazonDelivery: b('Amazon', 'delivery', ['Amazon', 'アマゾン', 'Amazon配送', 'AMAZON'], ['www.amazon.co.jp', 'amzn.asia'], ['amazon', 'amazn', 'amaz0n', 'amazon-jp', 'amazon-co']),
  docomo: b('NTTドコモ', 'carrier', ['ドコモ', 'docomo', 'NTTドコモ', 'NTT docomo', 'd払い', 'dポイント', 'dアカウント', 'dカード', 'DOCOMO'], ['www.docomo.ne.jp', 'id.smt.docomo.ne.jp', 'smt.docomo.ne.jp', 'service.smt.docomo.ne.jp'], ['docomo', 'dpay', 'd-point', 'docomo-pay', 'dpoint', 'mydocomo', 'docomo-id']),
  au: b('au', 'carrier', ['au', 'KDDI', 'au by KDDI', 'Au', 'auフィナンシャルサービス', 'au PAY', 'KDDI株式会社'], ['www.au.com', 'id.auone.jp', 'www.kddi.com'], ['au-kddi', 'kddi', 'au-pay', 'auone', 'au-com', 'kddi-au']),
  softbank: b('ソフトバンク', 'carrier', ['ソフトバンク', 'SoftBank', 'Softbank', 'softbank', 'ソフトバンク株式会社', 'Y!mobile', 'ワイモバイル'], ['www.softbank.jp', 'my.softbank.jp', 'www.ymobile.jp'], ['softbank', 'sbank', 'soft-bank', 'mysoftbank', 'sb-pay', 'ymobile']),
  rakutenMobile: b('楽天モバイル', 'carrier', ['楽天モバイル', 'Rakuten Mobile', '楽天'], ['network.mobile.rakuten.co.jp', 'portal.mobile.rakuten.co.jp'], ['rakuten-mobile', 'rakuten', 'rakutenm', 'r-mobile']),
  mufg: b('三菱UFJ銀行', 'bank', ['三菱UFJ銀行', 'MUFG', '三菱UFJ', '三菱ＵＦＪ銀行'], ['www.bk.mufg.jp', 'entry11.bk.mufg.jp'], ['mufg', 'mufg-bk', 'bk-mufg', 'ufj', 'mufg-jp']),
  smbc: b('三井住友銀行', 'bank', ['三井住友銀行', 'SMBC', '三井住友', 'SMBCダイレクト'], ['www.smbc.co.jp', 'direct.smbc.co.jp'], ['smbc', 'smbc-direct', 'smbc-bk', 'sumitomo']),
  mizuho: b('みずほ銀行', 'bank', ['みずほ銀行', 'みずほ', 'みずほダイレクト', 'MIZUHO'], ['www.mizuhobank.co.jp', 'web.ib.mizuhobank.co.jp'], ['mizuho', 'mizuhobank', 'mizuho-direct']),
  yucho: b('ゆうちょ銀行', 'bank', ['ゆうちょ銀行', 'ゆうちょ', 'ゆうちょダイレクト'], ['www.jp-bank.japanpost.jp', 'direct.jp-bank.japanpost.jp'], ['jp-bank', 'yucho', 'yuucho', 'jpbank']),
  resona: b('りそな銀行', 'bank', ['りそな銀行', 'りそな', 'りそなグループ'], ['www.resonabank.co.jp'], ['resona', 'resonabank', 'resona-gr']),
  rakutenCard: b('楽天カード', 'card', ['楽天カード', 'rakuten card', '楽天カード株式会社', '楽天'], ['www.rakuten-card.co.jp'], ['rakuten-card', 'rakutencard', 'r-card', 'rakuten']),
  smbcCard: b('三井住友カード', 'card', ['三井住友カード', 'Vpass', 'SMBCカード'], ['www.smbc-card.com', 'www.vpass.jp', 's.vpass.jp'], ['vpass', 'smbc-card', 'smbccard']),
  jcb: b('JCB', 'card', ['JCB', 'MyJCB', 'JCBカード'], ['www.jcb.co.jp', 'my.jcb.co.jp'], ['myjcb', 'jcb', 'jcb-card', 'jcb-jp']),
  aeon: b('イオンカード', 'card', ['イオンカード', 'AEON', 'イオン', 'イオン銀行'], ['www.aeon.co.jp', 'www.aeonbank.co.jp'], ['aeon', 'aeoncard', 'aeon-card']),
  epos: b('エポスカード', 'card', ['エポスカード', 'EPOS CARD', 'エポス'], ['www.eposcard.co.jp'], ['epos', 'eposcard', 'epos-card']),
  saison: b('セゾンカード', 'card', ['セゾンカード', 'セゾン', 'SAISON'], ['www.saisoncard.co.jp'], ['saison', 'saisoncard']),
  paypay: b('PayPay', 'payment', ['PayPay', 'ペイペイ', 'PayPay銀行'], ['paypay.ne.jp', 'www.paypay-bank.co.jp'], ['paypay', 'pay-pay', 'paypay-jp']),
  paidy: b('Paidy', 'payment', ['Paidy', 'ペイディ'], ['paidy.com', 'my.paidy.com'], ['paidy', 'paidy-jp']),
  amazon: b('Amazon', 'ecommerce', ['Amazon', 'アマゾン', 'Amazonプライム', 'Amazon.co.jp'], ['www.amazon.co.jp', 'amzn.asia'], ['amazon', 'amazn', 'amazon-prime', 'amaz0n', 'amazon-account']),
  rakutenIchiba: b('楽天市場', 'ecommerce', ['楽天市場', '楽天', 'Rakuten'], ['www.rakuten.co.jp', 'order.my.rakuten.co.jp'], ['rakuten', 'rakuten-ichiba', 'rakuten-jp']),
  mercari: b('メルカリ', 'ecommerce', ['メルカリ', 'mercari', 'メルペイ'], ['jp.mercari.com'], ['mercari', 'merpay', 'mercari-jp']),
  apple: b('Apple', 'tech', ['Apple', 'Apple ID', 'iCloud', 'アップル'], ['www.apple.com', 'support.apple.com'], ['apple', 'appleid', 'icloud', 'apple-id', 'apple-support']),
  line: b('LINE', 'tech', ['LINE', 'ライン', 'LINEヤフー'], ['line.me', 'lin.ee'], ['line', 'line-jp', 'line-account']),
  yahoo: b('Yahoo! JAPAN', 'tech', ['Yahoo! JAPAN', 'Yahoo', 'ヤフー'], ['www.yahoo.co.jp', 'login.yahoo.co.jp'], ['yahoo', 'yahoo-jp', 'yahooo']),
  nta: b('国税庁', 'government', ['国税庁', 'e-Tax', '税務署', '国税局'], ['www.nta.go.jp', 'www.e-tax.nta.go.jp'], ['nta', 'e-tax', 'etax', 'nta-go', 'kokuzei']),
  digital: b('デジタル庁', 'government', ['デジタル庁', 'マイナポータル', 'マイナポイント事務局', '総務省'], ['www.digital.go.jp', 'myna.go.jp'], ['mynaportal', 'myna', 'mynapoint', 'digital-go', 'kyufu']),
  police: b('警察', 'government', ['警察庁', '警視庁', '県警察', '警察署'], ['www.npa.go.jp', 'www.keishicho.metro.tokyo.lg.jp'], ['npa', 'keisatsu', 'police']),
  tepco: b('東京電力', 'utility', ['東京電力', 'TEPCO', '東京電力エナジーパートナー', 'くらしTEPCO'], ['www.tepco.co.jp', 'www.kurashi.tepco.co.jp'], ['tepco', 'kurashi-tepco', 'tepco-ep']),
  kepco: b('関西電力', 'utility', ['関西電力', 'はぴeみる電', '関電'], ['www.kepco.co.jp', 'home.kepco.jp'], ['kepco', 'kanden', 'hapie']),
  tokyoGas: b('東京ガス', 'utility', ['東京ガス', 'myTOKYOGAS'], ['www.tokyo-gas.co.jp', 'members.tokyo-gas.co.jp'], ['tokyo-gas', 'tokyogas', 'mytokyogas']),
  suido: b('水道局', 'utility', ['水道局', '東京都水道局', '水道料金センター'], ['www.waterworks.metro.tokyo.lg.jp'], ['suido', 'suidou', 'water-jp']),
  nhk: b('NHK', 'utility', ['NHK', 'NHK受信料窓口', '日本放送協会'], ['www.nhk-cs.jp'], ['nhk', 'nhk-cs', 'nhk-jushinryo']),
  jaBank: b('JAバンク', 'bank', ['JAバンク', 'JAネットバンク', '農協'], ['www.jabank.org'], ['jabank', 'ja-bank', 'janetbank']),
  rakutenBank: b('楽天銀行', 'bank', ['楽天銀行', 'Rakuten Bank'], ['www.rakuten-bank.co.jp'], ['rakuten-bank', 'rakutenbank', 'rbank']),
  sbiBank: b('住信SBIネット銀行', 'bank', ['住信SBIネット銀行', '住信SBI', 'SBIネット銀行'], ['www.netbk.co.jp'], ['netbk', 'sbi-bank', 'sbinet']),
  sevenBank: b('セブン銀行', 'bank', ['セブン銀行', 'Seven Bank'], ['www.sevenbank.co.jp'], ['sevenbank', '7bank', 'seven-bk']),
  paypayCard: b('PayPayカード', 'card', ['PayPayカード', 'ペイペイカード'], ['www.paypay-card.co.jp'], ['paypay-card', 'paypaycard']),
  viewCard: b('ビューカード', 'card', ['ビューカード', 'VIEW CARD', 'ビュー・スイカ'], ['www.jreast.co.jp', 'viewsnet.jp'], ['viewsnet', 'viewcard', 'view-card']),
  orico: b('オリコ', 'card', ['オリコ', 'Orico', 'オリコカード'], ['www.orico.co.jp'], ['orico', 'orico-card', 'eorico']),
  etc: b('ETC利用照会サービス', 'utility', ['ETC利用照会サービス', 'ETCマイレージ', 'NEXCO', 'ETC'], ['www.etc-meisai.jp', 'www.smile-etc.jp'], ['etc-meisai', 'etc-jp', 'etc-mileage', 'nexco']),
  ekinet: b('えきねっと', 'ecommerce', ['えきねっと', 'JR東日本', 'モバイルSuica'], ['www.eki-net.com', 'www.jreast.co.jp'], ['eki-net', 'ekinet', 'mobilesuica', 'jre-point']),
  nenkin: b('日本年金機構', 'government', ['日本年金機構', '年金事務所', 'ねんきんネット'], ['www.nenkin.go.jp'], ['nenkin', 'nenkin-net', 'nenkin-go']),
  microsoft: b('Microsoft', 'tech', ['Microsoft', 'マイクロソフト', 'Outlook'], ['account.microsoft.com'], ['microsoft', 'msft', 'outlook-jp', 'office365']),
  netflix: b('Netflix', 'tech', ['Netflix', 'ネットフリックス'], ['www.netflix.com'], ['netflix', 'netflx', 'netflix-jp']),
} as const satisfies Record<string, SynthBrand>;

export type BrandKey = keyof typeof BRANDS;
