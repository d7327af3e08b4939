// The settings page's small HTTP pieces: its session cookie and strict reading of its forms. Written here rather
// than taken from a cookie or form plugin: the page reads one cookie and two fixed forms, and the strictness it
// needs (a field given twice is an error, not "the last one wins") is easier to see in twenty lines.
import { SETTINGS, type OnOff, type SettingName } from './settings-page.view.js';

export const COOKIE = 'mamoru_sms_settings';

/** The Set-Cookie value for a session id: a browser-session cookie (no Max-Age; the server ends the session),
 * never readable by scripts, sent only to /my/ and only on same-site requests. */
export function sessionCookie(sessionId: string, secure: boolean): string {
  return `${COOKIE}=${sessionId}; Path=/my/; HttpOnly;${secure ? ' Secure;' : ''} SameSite=Strict`;
}

/** Removes the cookie from the browser. */
export function clearedCookie(secure: boolean): string {
  return `${COOKIE}=; Path=/my/; Max-Age=0; HttpOnly;${secure ? ' Secure;' : ''} SameSite=Strict`;
}

/** The session id from a Cookie header; null when absent or given more than once. */
export function sessionIdFrom(header: string | undefined): string | null {
  if (!header) return null;
  const values = header.split(';').map((p) => p.trim()).filter((p) => p.startsWith(`${COOKIE}=`)).map((p) => p.slice(COOKIE.length + 1));
  return values.length === 1 && values[0] !== '' ? values[0]! : null;
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
