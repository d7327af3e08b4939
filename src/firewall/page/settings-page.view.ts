// The settings page's HTML: Japanese first, English with ?lang=en; plain server-rendered forms, no scripts. Every
// value placed in the page is either a constant of this file, configuration (escaped) or the session's form token
// (base64url). The line's number is never shown: the page knows the line only by its pseudonym.
import type { ConsentStatus } from '../../core/index.js';

export type Lang = 'ja' | 'en';
export const SETTINGS = ['network', 'client', 'warnings'] as const;
export type SettingName = (typeof SETTINGS)[number];
export type OnOff = 'on' | 'off';
/** Why the page asks to be opened again from the member site: a link expired or used, a link unknown, a session that
 * is over, or the session cookie sent more than once (removed). */
export type ReopenReason = 'expired' | 'invalid' | 'session' | 'duplicate';
/** A request the page could not take: a malformed form, a wrong form token, a wrong content type, too large, refused
 * by the service (any other 4xx), a failure. */
export type Problem = 'form' | 'csrf' | 'type' | 'large' | 'refused' | 'internal';

export interface PageTexts {
  /** The carrier's name as subscribers know it (notify.carrierName). */
  carrierName: string;
  /** Where subscribers find the carrier's own site or app, named (notify.officialSite). */
  officialSite: string;
  /** How long quarantined messages are kept (firewall.quarantineDays). */
  quarantineDays: number;
}

export interface LineSettingsView {
  network: boolean;
  client: boolean;
  warnings: ConsentStatus;
}

export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

interface Copy {
  title: string;
  lead: string;
  notYours: string;
  current: string;
  byDefault: string;
  other: string;
  on: string;
  off: string;
  network: { h: string; what: string; ifOff: string; ifOn: string; turnOff: string; turnOn: string };
  client: { h: string; what: string; ifOff: string; ifOn: string; turnOff: string; turnOn: string };
  warnings: { h: string; what: string; more: string; covered: string; optedOut: string; ifCovered: string; ifOptedOut: string; turnOff: string; turnOn: string };
  done: Record<`${SettingName}.${OnOff}`, string>;
  appliesNow: string;
  record: string;
  finish: string;
  continue: { body: string; link: string };
  finished: { title: string; body: string };
  reopen: { title: string; how: string; clearCookies: string } & Record<ReopenReason, string>;
  errors: Record<Problem, string>;
}

function copy(lang: Lang, t: PageTexts): Copy {
  const carrier = esc(t.carrierName);
  const site = esc(t.officialSite);
  const days = String(t.quarantineDays);
  if (lang === 'ja') {
    return {
      title: '迷惑SMS対策の設定', other: 'English', current: '現在の設定：', byDefault: '（初期設定）', on: 'オン', off: 'オフ',
      lead: `${carrier}の${site}にログインして開いた回線の、迷惑SMS対策の設定です。変更はすぐに反映されます。どの設定を選んでも、料金やその他のご契約条件は変わりません。`,
      notYours: `ご自身で${site}から開いたのではない場合（メール・SMS・SNSなどのリンクから開いた場合）は、ほかの方の回線の設定かもしれません。何も変更せずに「設定を終了する」を押してください。`,
      network: {
        h: '迷惑SMSブロック',
        what: '詐欺の可能性が非常に高いSMS（偽のサイトや電話番号へ誘導するもの）を当社のネットワークで止め、お客様の端末には届けません。',
        ifOn: 'オフにすると、こうしたSMSもそのまま端末に届きます。「迷惑SMSの隔離・警告」がオンの場合は、アプリでの隔離と警告は引き続き行われます。',
        ifOff: 'いまは詐欺の可能性が非常に高いSMSもそのまま届きます。オンにすることをおすすめします。',
        turnOff: '迷惑SMSブロックをオフにする', turnOn: '迷惑SMSブロックをオンにする',
      },
      client: {
        h: '迷惑SMSの隔離・警告（アプリ）',
        what: `${carrier}の公式アプリをお使いの場合、詐欺の疑いがあるSMSを端末のメッセージアプリに届けず、公式アプリの中に隔離して警告します。隔離されたSMSは公式アプリで確認・受け取り・報告ができ、${days}日後に削除されます。`,
        ifOn: 'オフにすると、詐欺の疑いがあるSMSも警告なしで届きます（迷惑SMSブロックで止まるものを除く）。',
        ifOff: '公式アプリをお使いでない場合は、オンにしないでください。隔離されたSMSは公式アプリでしか見られません。',
        turnOff: '隔離・警告をオフにする', turnOn: '隔離・警告をオンにする',
      },
      warnings: {
        h: 'マルウェア感染端末への注意喚起',
        what: 'お使いの端末がウイルス（マルウェア）に感染し、迷惑SMSを送信しているおそれがあるとき、メール・SMS・郵送でお知らせします。',
        more: 'くわしい説明', covered: '受け取る', optedOut: '受け取らない',
        ifCovered: '「受け取らない」にすると、この回線は注意喚起の対象から外れ、当社からこの件でご連絡することはありません。',
        ifOptedOut: 'いまは注意喚起の対象になっていません。「受け取る」にすると、感染のおそれがあるときにお知らせします。',
        turnOff: '注意喚起を受け取らない', turnOn: '注意喚起を受け取る',
      },
      done: {
        'network.off': '迷惑SMSブロックをオフにしました。', 'network.on': '迷惑SMSブロックをオンにしました。',
        'client.off': '迷惑SMSの隔離・警告をオフにしました。', 'client.on': '迷惑SMSの隔離・警告をオンにしました。',
        'warnings.off': '注意喚起を「受け取らない」にしました。', 'warnings.on': '注意喚起を「受け取る」にしました。',
      },
      appliesNow: 'これから届くSMSに、すぐに反映されます。',
      record: 'この画面には電話番号を表示しません。この画面を開いたことと設定の変更は、日時とともに記録されます。',
      finish: '設定を終了する',
      continue: { body: '設定画面を開いています。切り替わらない場合は、次のリンクを押してください。', link: '迷惑SMS対策の設定を開く' },
      finished: { title: '設定を終了しました', body: `もう一度設定を変更するときは、${carrier}の${site}から、この画面を開いてください。` },
      reopen: {
        title: 'この画面を開けませんでした',
        expired: 'このリンクは有効期限が切れているか、すでに使われています。',
        invalid: 'このリンクは無効です。',
        session: '一定時間操作がなかったため、設定画面を終了しました。',
        duplicate: 'このブラウザーから、この画面のCookieが二つ送られてきました（以前のご利用で残ったものか、同じドメインのほかのサイトが設定したものです）。どちらが正しいか確認できないため、削除しました。',
        how: `お手数ですが、${carrier}の${site}から、もう一度「迷惑SMS対策の設定」を開いてください。`,
        clearCookies: 'もう一度開いてもこの画面になる場合は、ブラウザーの設定でこのサイトのCookie（サイトデータ）を削除してから開いてください。',
      },
      errors: {
        form: '送信された内容が正しくないため、受け付けられませんでした。設定は変更されていません。',
        csrf: 'この操作は受け付けられませんでした。設定は変更されていません。画面を開き直してから、もう一度お試しください。',
        type: '送信された形式に対応していません。設定は変更されていません。',
        large: '送信された内容が大きすぎます。設定は変更されていません。',
        refused: 'この操作は受け付けられませんでした。設定は変更されていません。画面を開き直して、現在の設定を確認してください。',
        internal: '一時的に設定を処理できませんでした。しばらくしてから、もう一度お試しください。',
      },
    };
  }
  return {
    title: 'Scam SMS protection settings', other: '日本語', current: 'Current setting: ', byDefault: ' (default)', on: 'On', off: 'Off',
    lead: `The scam SMS protection of the line you signed in to on ${site} of ${carrier}. Changes apply at once. Whatever you choose, your charges and other contract conditions stay the same.`,
    notYours: `If you did not open this page from ${site} yourself (for example, you followed a link in an e-mail, an SMS or a social media post), these may be someone else's settings: change nothing and press "Finish".`,
    network: {
      h: 'Scam SMS blocking',
      what: 'SMS that are very likely scams (luring you to a fake site or phone number) are stopped in our network and never reach your phone.',
      ifOn: 'If you turn it off, such SMS reach your phone as they are. If "Scam SMS quarantine and warnings" is on, the app still quarantines and warns.',
      ifOff: 'SMS that are very likely scams now reach your phone. We recommend turning it on.',
      turnOff: 'Turn scam SMS blocking off', turnOn: 'Turn scam SMS blocking on',
    },
    client: {
      h: 'Scam SMS quarantine and warnings (app)',
      what: `With the official ${carrier} app, SMS that may be scams are kept out of your messages app, held in the official app and shown with a warning. You can view, receive or report them there; they are deleted after ${days} days.`,
      ifOn: 'If you turn it off, SMS that may be scams arrive without a warning (except those stopped by scam SMS blocking).',
      ifOff: 'Do not turn it on if you do not use the official app: held messages can only be seen there.',
      turnOff: 'Turn quarantine and warnings off', turnOn: 'Turn quarantine and warnings on',
    },
    warnings: {
      h: 'Warnings about infected handsets',
      what: 'If your phone may be infected with malware and sending scam SMS, we tell you by e-mail, SMS or letter.',
      more: 'More about these warnings', covered: 'Receive', optedOut: 'Do not receive',
      ifCovered: 'If you choose not to receive them, your line is no longer processed for these warnings and we will not contact you about it.',
      ifOptedOut: 'Your line is not processed for these warnings now. Choose to receive them and we will tell you if your phone may be infected.',
      turnOff: 'Do not receive the warnings', turnOn: 'Receive the warnings',
    },
    done: {
      'network.off': 'Scam SMS blocking is now off.', 'network.on': 'Scam SMS blocking is now on.',
      'client.off': 'Scam SMS quarantine and warnings are now off.', 'client.on': 'Scam SMS quarantine and warnings are now on.',
      'warnings.off': 'You will no longer receive infected-handset warnings.', 'warnings.on': 'You will receive infected-handset warnings.',
    },
    appliesNow: 'This applies to the next SMS you receive.',
    record: 'This page never shows your phone number. Each visit to this page and each change are recorded with their time.',
    finish: 'Finish',
    continue: { body: 'Opening your settings. If nothing happens, follow this link.', link: 'Open scam SMS protection settings' },
    finished: { title: 'Finished', body: `To change your settings again, open this page from ${site} of ${carrier}.` },
    reopen: {
      title: 'This page cannot be opened',
      expired: 'This link has expired or has already been used.',
      invalid: 'This link is not valid.',
      session: 'The settings page was closed because it was not used for a while.',
      duplicate: 'Your browser sent this page\'s cookie twice (one left from an earlier visit, or set by another site under the same domain). As it cannot be told which is right, they have been removed.',
      how: `Please open "Scam SMS protection settings" again from ${site} of ${carrier}.`,
      clearCookies: 'If you see this page again, delete this site\'s cookies (site data) in your browser settings, then open it again.',
    },
    errors: {
      form: 'What was sent could not be accepted. Nothing was changed.',
      csrf: 'This request could not be accepted. Nothing was changed. Please reload the page and try again.',
      type: 'What was sent is in a format this page does not accept. Nothing was changed.',
      large: 'What was sent is too large. Nothing was changed.',
      refused: 'This request could not be accepted. Nothing was changed. Please reload the page and check your current settings.',
      internal: 'Your settings could not be processed just now. Please try again later.',
    },
  };
}

const STYLE = 'body{font-family:system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem;line-height:1.7;color:#1a1a1a}'
  + 'h2{font-size:1.15rem;margin-top:2rem}section{border-top:1px solid #ccc;padding-bottom:1rem}.state strong{font-size:1.1rem}'
  + 'button{font-size:1rem;padding:.55rem 1.2rem;border:1px solid #0b5394;border-radius:4px;background:#fff;color:#0b5394}'
  + '.ok{background:#e6f4ea;border-left:4px solid #1e7e34;padding:.6rem .9rem}.err{background:#fdecea;border-left:4px solid #a40000;padding:.6rem .9rem;font-weight:600}'
  + '.note{color:#444;font-size:.95rem}';

function shell(lang: Lang, title: string, inner: string, switchTo?: string, head = ''): string {
  const sw = switchTo ? `<p><a href="${switchTo}">${lang === 'ja' ? 'English' : '日本語'}</a></p>` : '';
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">${head}
<title>${title}</title><style>${STYLE}</style></head><body>${sw}<h1>${title}</h1>
${inner}
</body></html>`;
}

function form(lang: Lang, csrf: string, setting: SettingName, value: OnOff, label: string): string {
  return `<form method="post" action="/my/sms-settings?lang=${lang}"><input type="hidden" name="csrf" value="${esc(csrf)}">`
    + `<input type="hidden" name="setting" value="${setting}"><input type="hidden" name="value" value="${value}">`
    + `<button type="submit" data-testid="${setting}-${value}">${label}</button></form>`;
}

export interface SettingsPageModel {
  settings: LineSettingsView;
  csrf: string;
  /** A `setting.value` confirmation code, shown once. */
  done?: string | null;
  /** A problem with what was sent; nothing was changed. */
  error?: 'form' | 'csrf' | null;
}

export function renderSettingsPage(lang: Lang, t: PageTexts, m: SettingsPageModel): string {
  const c = copy(lang, t);
  const { network, client, warnings } = m.settings;
  const state = (on: boolean, onWord: string, offWord: string, isDefault: boolean) =>
    `<p class="state">${c.current}<strong>${on ? onWord : offWord}</strong>${isDefault ? c.byDefault : ''}</p>`;
  const done = m.done && m.done in c.done ? `<p class="ok" role="status" data-testid="done">${c.done[m.done as keyof Copy['done']]}${c.appliesNow}</p>` : '';
  const error = m.error ? `<p class="err" role="alert" data-testid="error">${c.errors[m.error]}</p>` : '';
  const covered = warnings === 'covered';
  const inner = `<p>${c.lead}</p><p class="note" data-testid="not-yours">${c.notYours}</p>${done}${error}
<section id="network"><h2>${c.network.h}</h2>${state(network, c.on, c.off, network)}<p>${c.network.what}</p><p class="note">${network ? c.network.ifOn : c.network.ifOff}</p>
${form(lang, m.csrf, 'network', network ? 'off' : 'on', network ? c.network.turnOff : c.network.turnOn)}</section>
<section id="client"><h2>${c.client.h}</h2>${state(client, c.on, c.off, !client)}<p>${c.client.what}</p><p class="note">${client ? c.client.ifOn : c.client.ifOff}</p>
${form(lang, m.csrf, 'client', client ? 'off' : 'on', client ? c.client.turnOff : c.client.turnOn)}</section>
<section id="warnings"><h2>${c.warnings.h}</h2>${state(covered, c.warnings.covered, c.warnings.optedOut, covered)}<p>${c.warnings.what} <a href="/notice/infected-handset?lang=${lang}">${c.warnings.more}</a></p>
<p class="note">${covered ? c.warnings.ifCovered : c.warnings.ifOptedOut}</p>
${form(lang, m.csrf, 'warnings', covered ? 'off' : 'on', covered ? c.warnings.turnOff : c.warnings.turnOn)}</section>
<section id="finish"><p class="note">${c.record}</p><form method="post" action="/my/sms-settings/end?lang=${lang}"><input type="hidden" name="csrf" value="${esc(m.csrf)}"><button type="submit" data-testid="finish">${c.finish}</button></form></section>`;
  return shell(lang, c.title, inner, `/my/sms-settings?lang=${lang === 'ja' ? 'en' : 'ja'}`);
}

/** "Open the page again from the member site": a link that cannot be used, or a session that ended. */
export function renderReopenPage(lang: Lang, t: PageTexts, why: ReopenReason): string {
  const c = copy(lang, t);
  const clear = why === 'duplicate' ? `<p class="note">${c.reopen.clearCookies}</p>` : '';
  return shell(lang, c.reopen.title, `<p data-testid="reopen">${c.reopen[why]}</p><p>${c.reopen.how}</p>${clear}`);
}

/** The one step after a link followed from another site: moves on at once (no script: a refresh), with a link for a
 * browser that does not. */
export function renderContinuePage(lang: Lang, t: PageTexts): string {
  const c = copy(lang, t);
  const next = `/my/sms-settings?${lang === 'en' ? 'lang=en&amp;' : ''}via=self`;
  return shell(lang, c.title, `<p>${c.continue.body}</p><p><a href="${next}" data-testid="continue">${c.continue.link}</a></p>`, undefined,
    `<meta http-equiv="refresh" content="0; url=${next}">`);
}

export function renderFinishedPage(lang: Lang, t: PageTexts): string {
  const c = copy(lang, t);
  return shell(lang, c.finished.title, `<p data-testid="finished">${c.finished.body}</p>`);
}

/** A request the page could not take (wrong content type, too large, refused, a failure): nothing was changed. */
export function renderProblemPage(lang: Lang, t: PageTexts, problem: Problem, requestId?: string): string {
  const c = copy(lang, t);
  const ref = requestId ? `<p class="note">ID: ${esc(requestId)}</p>` : '';
  return shell(lang, c.title, `<p class="err" role="alert" data-testid="error">${c.errors[problem]}</p>${ref}<p><a href="/my/sms-settings?lang=${lang}">${c.title}</a></p>`);
}
