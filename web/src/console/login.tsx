// Sign-in with an API key: checked with /v1/whoami, then kept in this tab's sessionStorage only.
import { useState } from 'preact/hooks';
import { ApiError } from '../shared/api.js';
import { useText } from '../shared/i18n.js';
import { whoami } from './session.js';
import { consoleText } from './strings.js';
import type { Principal } from './types.js';

export function Login({ onLogin, notice }: { onLogin: (key: string, who: Principal) => void; notice: string | null }) {
  const t = useText(consoleText);
  const [key, setKey] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    const k = key.trim();
    if (k === '') {
      setError(t.loginEmpty);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const who = await whoami(k);
      onLogin(k, who);
    } catch (err) {
      if (err instanceof ApiError && (err.status === 401 || err.status === 403)) setError(t.loginWrong);
      else if (err instanceof ApiError && err.status === 429) setError(t.rateLimited);
      else if (err instanceof ApiError && err.status === 0) setError(t.loginNetwork);
      else setError(`${t.loginOther}${err instanceof ApiError ? ` (${err.code}: ${err.message})` : ''}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="login-wrap">
      <form class="card login" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="login-h">
        <h2 id="login-h">{t.loginTitle}</h2>
        <p>{t.loginLead}</p>
        {notice ? (
          <p class="form-note" role="status">
            {notice}
          </p>
        ) : null}
        <label class="field" for="api-key">
          <span>{t.keyLabel}</span>
        </label>
        <input
          id="api-key"
          name="api-key"
          type="password"
          autoComplete="off"
          spellcheck={false}
          autoCapitalize="off"
          value={key}
          onInput={(e) => setKey(e.currentTarget.value)}
          aria-invalid={error !== null}
          aria-describedby={error ? 'login-error' : undefined}
          data-testid="login-key"
        />
        <button type="submit" class="btn btn-primary" disabled={busy} data-testid="login-submit">
          {busy ? t.loggingIn : t.loginSubmit}
        </button>
        {error ? (
          <p id="login-error" class="form-error" role="alert" data-testid="login-error">
            {error}
          </p>
        ) : null}
      </form>
    </div>
  );
}
