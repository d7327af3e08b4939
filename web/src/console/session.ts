// The console session: the API key lives in this tab's sessionStorage only (gone when the tab closes, never in
// localStorage or a cookie); every call sends it. A 401 in the middle of a session (key revoked) ends it.
import { createContext } from 'preact';
import { useCallback, useContext } from 'preact/hooks';
import { ApiError, getJson, postJson } from '../shared/api.js';
import { useFetch, type FetchState } from '../shared/use-fetch.js';
import type { Principal } from './types.js';

const KEY_STORAGE = 'mamoru.console.key';

export function storedKey(): string | null {
  try {
    return window.sessionStorage.getItem(KEY_STORAGE);
  } catch {
    return null;
  }
}

export function storeKey(key: string | null): void {
  try {
    if (key === null) window.sessionStorage.removeItem(KEY_STORAGE);
    else window.sessionStorage.setItem(KEY_STORAGE, key);
  } catch {
    // Without sessionStorage the session lasts as long as the page: the key stays in memory only.
  }
}

export function whoami(key: string, signal?: AbortSignal): Promise<Principal> {
  return getJson<Principal>('/v1/whoami', { key, signal });
}

export interface Session {
  key: string;
  principal: Principal;
  /** Ends the session; `expired` says the server refused the key. */
  logout: (expired?: boolean) => void;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside a signed-in console');
  return s;
}

/** GET with the session's key, re-read when `refresh` changes. Ends the session on 401. */
export function useApiGet<T>(path: string, refresh = 0): FetchState<T> {
  const { key, logout } = useSession();
  return useFetch<T>(
    async (signal) => {
      try {
        return await getJson<T>(path, { key, signal });
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) logout(true);
        throw e;
      }
    },
    [path],
    refresh,
  );
}

/** POST with the session's key; ends the session on 401. */
export function useApiPost(): <T>(path: string, body: unknown) => Promise<T> {
  const { key, logout } = useSession();
  return useCallback(
    async <T>(path: string, body: unknown): Promise<T> => {
      try {
        return await postJson<T>(path, body, { key });
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) logout(true);
        throw e;
      }
    },
    [key, logout],
  );
}
