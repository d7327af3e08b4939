// The settings page's small HTTP pieces: its session cookie and strict reading of its forms. Written here rather
// than taken from a cookie or form plugin: the page reads one cookie and two fixed forms, and the strictness it
// needs (a field given twice is an error, not "the last one wins") is easier to see in twenty lines.
import { SETTINGS, type OnOff, type SettingName } from './settings-page.view.js';

export const COOKIE = 'mamoru_sms_settings';
/** The page's own paths and nothing else: carriers' portals often live under /my/ on the same site, and their
 * backends have no use for this cookie. Covers /my/sms-settings/enter (where it is set) and /my/sms-settings/end. */
export const COOKIE_PATH = '/my/sms-settings';
/** The path the cookie had before: a browser may still hold such a copy (a browser-session cookie lives as long as
 * the browser, on a phone for weeks), which would be sent beside the new one. Removed on entering and whenever the
 * cookie is cleared. */
const OLD_COOKIE_PATH = '/my/';

const attributes = (path: string, secure: boolean): string => `Path=${path}; HttpOnly;${secure ? ' Secure;' : ''} SameSite=Strict`;
const removal = (path: string, secure: boolean): string => `${COOKIE}=; Path=${path}; Max-Age=0; HttpOnly;${secure ? ' Secure;' : ''} SameSite=Strict`;

/** The Set-Cookie value for a session id: a browser-session cookie (no Max-Age; the server ends the session),
 * never readable by scripts, sent only to the page's paths and only on same-site requests. */
export function sessionCookie(sessionId: string, secure: boolean): string {
  return `${COOKIE}=${sessionId}; ${attributes(COOKIE_PATH, secure)}`;
}

/** Removes a copy of the cookie left at its former path (Path=/my/). */
export function oldCookieCleared(secure: boolean): string {
  return removal(OLD_COOKIE_PATH, secure);
}

/** The Set-Cookie values that remove the cookie from the browser: at its path, and at its former one. (A copy set by
 * another host for a parent domain cannot be removed from here: a Cookie header does not say where a cookie came
 * from. The page that follows tells the subscriber how to remove it.) */
export function clearedCookies(secure: boolean): string[] {
  return [removal(COOKIE_PATH, secure), removal(OLD_COOKIE_PATH, secure)];
}

/** What a Cookie header holds of the page's cookie: nothing, one value (possibly empty), or several. Several means a
 * stale copy at another path, or one planted by a sibling subdomain: none of them is trusted. */
export type SessionCookie = { kind: 'none' } | { kind: 'one'; id: string } | { kind: 'many'; ids: string[] };

export function readSessionCookie(header: string | undefined): SessionCookie {
  const values = (header ?? '').split(';').map((p) => p.trim()).filter((p) => p.startsWith(`${COOKIE}=`)).map((p) => p.slice(COOKIE.length + 1));
  if (values.length === 0) return { kind: 'none' };
  return values.length === 1 ? { kind: 'one', id: values[0]! } : { kind: 'many', ids: values };
}

/** A parsed application/x-www-form-urlencoded body: every field in order, repeats kept. */
export class FormFields {
  constructor(readonly pairs: ReadonlyArray<readonly [string, string]>) {}

  static parse(body: string): FormFields {
    return new FormFields([...new URLSearchParams(body)]);
  }

  /** The fields as one object when they are exactly `names`, each once; otherwise null. */
  exactly<K extends string>(names: readonly K[]): Record<K, string> | null {
    if (this.pairs.length !== names.length) return null;
    const out: Partial<Record<K, string>> = {};
    for (const [k, v] of this.pairs) {
      if (!(names as readonly string[]).includes(k) || (k as K) in out) return null;
      out[k as K] = v;
    }
    return out as Record<K, string>;
  }
}

export interface ChangeRequest {
  csrf: string;
  setting: SettingName;
  value: OnOff;
}

/** A settings form: exactly csrf, setting and value, with a known setting and on/off; null for anything else. */
export function parseChange(form: FormFields): ChangeRequest | null {
  const f = form.exactly(['csrf', 'setting', 'value'] as const);
  if (!f) return null;
  if (!(SETTINGS as readonly string[]).includes(f.setting) || (f.value !== 'on' && f.value !== 'off')) return null;
  return { csrf: f.csrf, setting: f.setting as SettingName, value: f.value };
}
