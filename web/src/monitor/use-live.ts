// The live counter feed: Server-Sent Events from /v1/stats/live (event `stats`, sent on connect and whenever the
// counts change). The browser reconnects by itself after a dropped connection; when it gives up (the server
// answered with an error), we open a new stream after a pause.
import { useEffect, useState } from 'preact/hooks';
import type { LiveStats } from './types.js';

export type LiveStatus = 'connecting' | 'live' | 'reconnecting' | 'offline';

const RETRY_MS = 15_000;

function parse(data: unknown): LiveStats | null {
  if (typeof data !== 'string') return null;
  try {
    const v = JSON.parse(data) as Partial<LiveStats>;
    return typeof v.scamToday === 'number' && typeof v.scamLast24h === 'number' ? (v as LiveStats) : null;
  } catch {
    return null;
  }
}

export function useLive(url = '/v1/stats/live'): { stats: LiveStats | null; status: LiveStatus } {
  const [stats, setStats] = useState<LiveStats | null>(null);
  const [status, setStatus] = useState<LiveStatus>('connecting');

  useEffect(() => {
    if (typeof EventSource === 'undefined') {
      setStatus('offline');
      return;
    }
    let source: EventSource | null = null;
    let timer: number | undefined;
    let stopped = false;

    const open = (): void => {
      source = new EventSource(url);
      source.addEventListener('open', () => setStatus('live'));
      source.addEventListener('stats', (e: MessageEvent) => {
        const s = parse(e.data);
        if (s) {
          setStats(s);
          setStatus('live');
        }
      });
      source.addEventListener('error', () => {
        if (stopped || !source) return;
        if (source.readyState === EventSource.CLOSED) {
          setStatus('offline');
          source.close();
          timer = window.setTimeout(open, RETRY_MS);
        } else {
          setStatus('reconnecting');
        }
      });
    };
    open();

    return () => {
      stopped = true;
      window.clearTimeout(timer);
      source?.close();
    };
  }, [url]);

  return { stats, status };
}
