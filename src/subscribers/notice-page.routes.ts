// The public notice of the infected-handset warnings (DESIGN §4 condition (d): the measure and how to opt out are
// announced). Japanese first, English with ?lang=en; static HTML, no scripts, a strict Content-Security-Policy.
import type { FastifyPluginAsync } from 'fastify';

export interface NoticePageRoutesOptions {
  /** The carrier's name as subscribers know it. */
  carrierName: string;
  /** Where the carrier's own information is, named (never linked). */
  officialSite: string;
  /** Support contact (phone number and hours); empty = not configured, the page then points to the official site. */
  supportContact: string;
}

type Lang = 'ja' | 'en';

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

interface Section { h: string; p?: string[]; li?: string[] }

function sections(lang: Lang, o: NoticePageRoutesOptions): { title: string; lead: string; body: Section[]; other: string } {
  const carrier = esc(o.carrierName);
  const site = esc(o.officialSite);
  if (lang === 'ja') {
    const contact = o.supportContact ? esc(o.supportContact) : `${site}に掲載のお問い合わせ窓口`;
    return {
      title: 'マルウェア感染端末への注意喚起について',
      lead: `${carrier}は、ご契約約款に基づき、ウイルス（マルウェア）に感染したおそれのあるスマートフォンの持ち主の方へ、注意喚起のご連絡を行っています。感染した端末は、持ち主の知らないうちに詐欺を目的としたSMS（スミッシング）を大量に送信することがあります。`,
      other: 'English',
      body: [
        { h: '当社が行うこと', li: [
          'SMSの送信記録と、迷惑SMSフィルタによる自動判定の結果（件数・時間帯など）から、感染が疑われる回線を検知します。',
          'メッセージの内容を人が読むことはありません。検知には仮名化した回線の識別子を使い、ご契約者の情報は連絡先を調べるときにだけ参照し、その記録を残します。',
          '感染が疑われる回線のご契約者へ、メール・SMS・郵送のいずれかでお知らせします。同じ回線へのお知らせは原則7日に1回までです。',
          'お知らせの後も送信が続く場合、担当者の確認を経て、SMS送信を一時的に制限することがあります。',
        ] },
        { h: '当社からのお知らせにはリンクがありません', p: [
          '当社のお知らせのメールやSMSには、リンクや添付ファイルはありません。アプリのインストールや、パスワード・暗証番号の入力をお願いすることもありません。リンク付きで届いた「お知らせ」は詐欺の可能性があります。',
        ] },
        { h: 'お知らせを受け取ったら', li: [
          '写真や連絡先など大切なデータをバックアップしてください。',
          '端末を初期化（工場出荷状態に戻す）してください。不正なアプリを取り除く確実な方法です。',
          'アプリは公式ストアからのみインストールし、SMSやウェブサイトで案内されたアプリは入れないでください。',
          'Googleアカウント、ネットバンキング、キャリア決済などのパスワードを変更してください。',
          '感染した端末から送られたSMSにもSMS送信料がかかります。ご利用明細をご確認ください。',
        ] },
        { h: 'お知らせを希望しない場合（オプトアウト）', p: [
          `お知らせの受け取りを希望されない場合は、${contact}、または${site}の設定画面からお申し出ください。設定はいつでも変更でき、いつでも元に戻せます。`,
          'お申し出の後は、その回線を注意喚起の対象として扱わず、ご連絡もいたしません。設定によって、料金やその他のご契約条件が変わることはありません。',
        ] },
        { h: 'お問い合わせ先', p: [contact] },
      ],
    };
  }
  const contact = o.supportContact ? esc(o.supportContact) : `the support desk listed on ${site}`;
  return {
    title: 'Warnings to owners of infected handsets',
    lead: `Under its terms of service, ${carrier} warns the owners of smartphones that may be infected with malware. An infected phone can send large numbers of scam SMS (smishing) without its owner knowing.`,
    other: '日本語',
    body: [
      { h: 'What we do', li: [
        'We find lines that may be infected from SMS signalling records and the automatic verdicts of the scam-SMS filter (counts and times).',
        'No person reads message contents. Detection uses pseudonymous line identifiers; subscriber details are looked up only to contact you, and every lookup is logged.',
        'We tell the contract holder of a suspected line by e-mail, SMS or letter, as a rule at most once in 7 days per line.',
        'If the sending goes on after our notice, a member of staff may approve a temporary limit on sending SMS from the line.',
      ] },
      { h: 'Our notices never contain links', p: [
        'Our e-mails and SMS about this never contain links or attachments, and never ask you to install an app or enter a password or PIN. A "notice" with a link may be a scam.',
      ] },
      { h: 'If you receive a notice', li: [
        'Back up your photos, contacts and other data.',
        'Reset the phone to factory settings: the sure way to remove the malicious app.',
        'Install apps only from the official store, never from a link in an SMS or on a web page.',
        'Change the passwords of your Google account, online banking and carrier billing.',
        'SMS sent by an infected phone are charged as usual: check your bill.',
      ] },
      { h: 'If you do not want these notices (opt out)', p: [
        `Tell ${contact}, or change the setting on ${site}. You can change it at any time, and change it back at any time.`,
        'Once you opt out, your line is no longer processed for these warnings and we will not contact you about it. Your charges and other contract conditions do not change.',
      ] },
      { h: 'Contact', p: [contact] },
    ],
  };
}

function render(lang: Lang, o: NoticePageRoutesOptions): string {
  const s = sections(lang, o);
  const body = s.body
    .map((x) => `<h2>${x.h}</h2>${(x.p ?? []).map((p) => `<p>${p}</p>`).join('')}${x.li ? `<ul>${x.li.map((l) => `<li>${l}</li>`).join('')}</ul>` : ''}`)
    .join('\n');
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${s.title}</title><style>body{font-family:system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem;line-height:1.7;color:#1a1a1a}h2{font-size:1.15rem;margin-top:1.8rem}</style>
</head><body><p><a href="/notice/infected-handset?lang=${lang === 'ja' ? 'en' : 'ja'}">${s.other}</a></p><h1>${s.title}</h1><p>${s.lead}</p>
${body}
</body></html>`;
}

export const noticePageRoutes: FastifyPluginAsync<NoticePageRoutesOptions> = async (app, opts) => {
  // Rendered once: the page depends only on the configuration.
  const pages: Record<Lang, string> = { ja: render('ja', opts), en: render('en', opts) };
  app.get<{ Querystring: { lang?: string } }>('/notice/infected-handset', {
    schema: { summary: 'Public notice of the infected-handset warnings and how to opt out (Japanese; ?lang=en)', tags: ['subscribers'] },
  }, async (req, reply) =>
    reply
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'public, max-age=3600')
      .type('text/html; charset=utf-8')
      .send(req.query.lang === 'en' ? pages.en : pages.ja),
  );
};
