// When the monitor re-reads its charts: every minute, sooner when the live stream reports new counts (at most
// every 15 s), and never while the tab is hidden (one refresh on return). Slower data (heat map, shares,
// gallery) follow a five-minute tick.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { LiveStats } from './types.js';

const FAST_MS = 60_000;
const SLOW_MS = 5 * 60_000;
const MIN_GAP_MS = 15_000;

export function useTicks(live: LiveStats | null): { tick: number; slowTick: number } {
  const [tick, setTick] = useState(0);
  const [slowTick, setSlowTick] = useState(0);
  const lastTickAt = useRef(Date.now());
  const lastCounts = useRef<string | null>(null);

  const bump = (): void => {
    lastTickAt.current = Date.now();
    setTick((n) => n + 1);
  };

  useEffect(() => {
    const fast = window.setInterval(() => {
      if (!document.hidden) bump();
    }, FAST_MS);
    const slow = window.setInterval(() => {
      if (!document.hidden) setSlowTick((n) => n + 1);
    }, SLOW_MS);
    const onVisible = (): void => {
      if (!document.hidden && Date.now() - lastTickAt.current > FAST_MS) {
        bump();
        setSlowTick((n) => n + 1);
      }
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      window.clearInterval(fast);
      window.clearInterval(slow);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, []);

  // A live event with different counts means new roll-ups: refresh the charts unless that just happened.
  useEffect(() => {
    if (!live) return;
    const counts = `${live.scamToday}/${live.scamLast24h}`;
    const changed = lastCounts.current !== null && lastCounts.current !== counts;
    lastCounts.current = counts;
    if (changed && !document.hidden && Date.now() - lastTickAt.current >= MIN_GAP_MS) bump();
  }, [live]);

  return { tick, slowTick };
}
