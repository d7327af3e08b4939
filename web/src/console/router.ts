// Hash routes of the console (#/campaigns, #/campaigns/ID, #/cases, #/cases/ID, #/consent, #/intake): links
// work with the keyboard and the back button, and nothing identifying goes into the server's logs.
import { useEffect, useState } from 'preact/hooks';

export type Route =
  | { name: 'campaigns' }
  | { name: 'campaign'; id: string }
  | { name: 'cases' }
  | { name: 'case'; id: string }
  | { name: 'consent' }
  | { name: 'intake' };

export type Section = 'campaigns' | 'cases' | 'consent' | 'intake';

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  const [head, id] = parts;
  if (head === 'campaigns' && id) return { name: 'campaign', id };
  if (head === 'cases' && id) return { name: 'case', id };
  if (head === 'cases') return { name: 'cases' };
  if (head === 'consent') return { name: 'consent' };
  if (head === 'intake') return { name: 'intake' };
  return { name: 'campaigns' };
}

export const sectionOf = (r: Route): Section => (r.name === 'campaign' ? 'campaigns' : r.name === 'case' ? 'cases' : r.name);

export const href = {
  campaigns: '#/campaigns',
  campaign: (id: string) => `#/campaigns/${encodeURIComponent(id)}`,
  cases: '#/cases',
  case: (id: string) => `#/cases/${encodeURIComponent(id)}`,
  consent: '#/consent',
  intake: '#/intake',
};

// Whether the user has moved since the page loaded (a link, the back button, signing in): only then does a new
// view take the focus, so a fresh page load starts at the top as usual.
let moved = false;
export const markMoved = (): void => {
  moved = true;
};
export const hasMoved = (): boolean => moved;

export function useRoute(): Route {
  const [route, setRoute] = useState<Route>(() => parseRoute(window.location.hash));
  useEffect(() => {
    const on = (): void => {
      markMoved();
      setRoute(parseRoute(window.location.hash));
    };
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}
