// The JSON API client both pages use. Console calls carry the API key as `Authorization: Bearer …`; the public
// monitor calls without one. Every failure becomes an ApiError with the server's code and message, so a page can
// say what went wrong (401 wrong key, 403 role, 404, 429, network) instead of going blank.

export class ApiError extends Error {
  constructor(
    /** HTTP status; 0 when the request never got an answer (network, aborted, not JSON). */
    readonly status: number,
    /** The server's error code (UNAUTHORIZED, FORBIDDEN, NOT_FOUND, …) or NETWORK / BAD_RESPONSE. */
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface RequestOptions {
  /** API key for console endpoints; omitted for the public ones. */
  key?: string | null;
  signal?: AbortSignal;
}

/** Server errors come as `{ code, message }`; a wrapped `{ error: { code, message } }` is accepted too. */
function errorOf(status: number, body: unknown): ApiError {
  const flat = (body ?? {}) as { code?: unknown; message?: unknown; error?: { code?: unknown; message?: unknown } };
  const src = flat.error && typeof flat.error === 'object' ? flat.error : flat;
  const code = typeof src.code === 'string' ? src.code : `HTTP_${status}`;
  const message = typeof src.message === 'string' ? src.message : `HTTP ${status}`;
  return new ApiError(status, code, message);
}

async function request<T>(method: 'GET' | 'POST', path: string, body: unknown, opts: RequestOptions): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (opts.key) headers.authorization = `Bearer ${opts.key}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: opts.signal,
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(0, 'NETWORK', e instanceof Error ? e.message : 'network error');
  }
  let parsed: unknown = null;
  const text = await res.text();
  if (text !== '') {
    try {
      parsed = JSON.parse(text) as unknown;
    } catch {
      if (res.ok) throw new ApiError(res.status, 'BAD_RESPONSE', 'the server did not answer with JSON');
    }
  }
  if (!res.ok) throw errorOf(res.status, parsed);
  return parsed as T;
}

export function getJson<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  return request<T>('GET', path, undefined, opts);
}

export function postJson<T>(path: string, body: unknown, opts: RequestOptions = {}): Promise<T> {
  return request<T>('POST', path, body, opts);
}

/** `path` with the defined entries of `query` appended as a query string. */
export function withQuery(path: string, query: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

/** One path segment, escaped (indicator values hold slashes and colons, line numbers hold '+'). */
export const seg = (value: string): string => encodeURIComponent(value);

export const isAbort = (e: unknown): boolean => e instanceof DOMException && e.name === 'AbortError';
