// The public web report form (Japanese first, English with ?lang=en): paste the message, the sender and when it
// arrived; the answer is the reference id. No key needed: reports are filed under the hub's own "public-web"
// member, rate-limited per client address, and the page carries a strict Content-Security-Policy (no scripts).
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { AppError, RateLimiter, type AccessService } from '../core/index.js';
import type { ReportsService } from './reports.service.js';

export interface WebFormRoutesOptions {
  reports: ReportsService;
  access: AccessService;
}

const WEB_MEMBER = 'public-web';
const TEXT = {
  ja: {
    title: '迷惑SMSの報告', lead: '受け取った不審なSMSの本文と送信元を貼り付けて送信してください。リンクは開かないでください。',
    body: 'SMSの本文', sender: '送信元の電話番号・名前（わかれば）', when: '受信日時（わかれば）', submit: '報告する',
    thanks: 'ご報告ありがとうございました。', reference: '受付番号', again: '続けて報告する', other: 'English',
    errors: { empty: '本文を入力してください。', long: '本文が長すぎます（10,000文字まで）。', sender: '送信元の形式が正しくありません。', busy: '短時間に多くの報告が送られました。しばらくしてからお試しください。' },
  },
  en: {
    title: 'Report a scam SMS', lead: 'Paste the text and the sender of the suspicious SMS you received. Do not open its links.',
    body: 'Message text', sender: 'Sender number or name (if known)', when: 'When it arrived (if known)', submit: 'Report',
    thanks: 'Thank you for your report.', reference: 'Reference', again: 'Report another', other: '日本語',
    errors: { empty: 'Please paste the message text.', long: 'The text is too long (10,000 characters at most).', sender: 'The sender is not a valid number or name.', busy: 'Too many reports in a short time; please try again later.' },
  },
} as const;
type Lang = keyof typeof TEXT;

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function page(reply: FastifyReply, lang: Lang, status: number, inner: string): FastifyReply {
  const t = TEXT[lang];
  const other = lang === 'ja' ? 'en' : 'ja';
  return reply
    .status(status)
    .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
    .header('x-content-type-options', 'nosniff')
    .type('text/html; charset=utf-8')
    .send(`<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${t.title}</title><style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.6;color:#1a1a1a}
label{display:block;margin-top:1rem;font-weight:600}textarea,input{width:100%;font-size:1rem;padding:.5rem;border:1px solid #555;border-radius:4px;box-sizing:border-box}
button{margin-top:1.5rem;font-size:1rem;padding:.6rem 1.4rem;background:#0b5394;color:#fff;border:0;border-radius:4px}.err{color:#a40000;font-weight:600}.ref{font-size:1.4rem;font-weight:700}</style>
</head><body><p><a href="/report?lang=${other}">${t.other}</a></p><h1>${t.title}</h1>${inner}</body></html>`);
}

function form(lang: Lang, error?: string, values: { body?: string; sender?: string; when?: string } = {}): string {
  const t = TEXT[lang];
  return `<p>${t.lead}</p>${error ? `<p class="err" role="alert">${esc(error)}</p>` : ''}
<form method="post" action="/report?lang=${lang}">
<label for="body">${t.body}</label><textarea id="body" name="body" rows="7" required maxlength="10000">${esc(values.body ?? '')}</textarea>
<label for="sender">${t.sender}</label><input id="sender" name="sender" maxlength="64" value="${esc(values.sender ?? '')}">
<label for="when">${t.when}</label><input id="when" name="when" type="datetime-local" value="${esc(values.when ?? '')}">
<button type="submit">${t.submit}</button></form>`;
}

export const webFormRoutes: FastifyPluginAsync<WebFormRoutesOptions> = async (app, opts) => {
  const perClient = new RateLimiter({ perSecond: 10 / 3600, burst: 10 });
  let memberId: string | null = null;
  const member = async (): Promise<string> => {
    if (memberId) return memberId;
    try {
      memberId = (await opts.access.memberByName(WEB_MEMBER)).id;
    } catch {
      memberId = (await opts.access.addMember(WEB_MEMBER, 'hub').catch(() => opts.access.memberByName(WEB_MEMBER))).id;
    }
    return memberId;
  };
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
  const langOf = (q: { lang?: string }): Lang => (q.lang === 'en' ? 'en' : 'ja');

  app.get<{ Querystring: { lang?: string } }>('/report', async (req, reply) => page(reply, langOf(req.query), 200, form(langOf(req.query))));

  app.post<{ Querystring: { lang?: string }; Body: Record<string, string> }>('/report', async (req, reply) => {
    const lang = langOf(req.query);
    const t = TEXT[lang];
    const values = { body: String(req.body?.body ?? ''), sender: String(req.body?.sender ?? ''), when: String(req.body?.when ?? '') };
    if (perClient.take(req.ip, Date.now()) > 0) return page(reply, lang, 429, form(lang, t.errors.busy, values));
    if (values.body.trim() === '') return page(reply, lang, 400, form(lang, t.errors.empty, values));
    if (values.body.length > 10_000) return page(reply, lang, 413, form(lang, t.errors.long, values));
    // datetime-local has no zone: the form is Japanese, so JST.
    const when = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(values.when) ? `${values.when}:00+09:00` : null;
    try {
      const [receipt] = await opts.reports.submit([{ body: values.body, sender: values.sender.trim() || null, receivedAt: when }], { memberId: await member(), channel: 'web' });
      return page(reply, lang, 200, `<p>${t.thanks}</p><p>${t.reference}: <span class="ref">${esc(receipt!.reference)}</span></p><p><a href="/report?lang=${lang}">${t.again}</a></p>`);
    } catch (e) {
      if (e instanceof AppError && e.code === 'VALIDATION_FAILED') return page(reply, lang, 400, form(lang, t.errors.sender, values));
      throw e;
    }
  });
};
