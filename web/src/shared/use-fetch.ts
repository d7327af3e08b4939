// Loading data for a component: abort on unmount or when the inputs change, keep the last good data while a
// background refresh runs (charts do not flash), and expose a retry.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, isAbort } from './api.js';

export interface FetchState<T> {
  data: T | null;
  /** The last failure; set together with `data` when a background refresh failed after a good load. */
  error: ApiError | null;
  loading: boolean;
  reload: () => void;
}

const asApiError = (e: unknown): ApiError =>
  e instanceof ApiError ? e : new ApiError(0, 'CLIENT', e instanceof Error ? e.message : String(e));

/**
 * `deps` name the resource: when they change the old data is dropped. `refresh` only re-reads the same
 * resource (a timer or a live event), keeping the old data until the new one arrives.
 */
export function useFetch<T>(load: (signal: AbortSignal) => Promise<T>, deps: readonly unknown[], refresh = 0): FetchState<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(true);
  const [attempt, setAttempt] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  const depsKey = JSON.stringify(deps);
  const lastKey = useRef(depsKey);

  useEffect(() => {
    if (lastKey.current !== depsKey) {
      lastKey.current = depsKey;
      setData(null);
    }
    const ctl = new AbortController();
    setLoading(true);
    loadRef.current(ctl.signal).then(
      (d) => {
        if (ctl.signal.aborted) return;
        setData(d);
        setError(null);
        setLoading(false);
      },
      (e: unknown) => {
        if (ctl.signal.aborted || isAbort(e)) return;
        setError(asApiError(e));
        setLoading(false);
      },
    );
    return () => ctl.abort();
  }, [depsKey, refresh, attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { data, error, loading, reload };
}
