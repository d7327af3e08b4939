// The operator console: sign-in, then a side navigation over campaigns, infected-handset cases, consent lookup
// and report intake / feeds. The API key never leaves this tab's sessionStorage.
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ApiError } from '../shared/api.js';
import { applyLang, initialLang, LangContext, useText, type Lang } from '../shared/i18n.js';
import { Boundary, LangSwitch, Loading } from '../shared/ui.js';
import { CampaignDetail } from './campaign-detail.js';
import { Campaigns } from './campaigns.js';
import { CaseDetail } from './case-detail.js';
import { Cases } from './cases.js';
import { Consent } from './consent.js';
import { Intake } from './intake.js';
import { Login } from './login.js';
import { href, markMoved, sectionOf, useRoute, type Route, type Section } from './router.js';
import { SessionContext, storedKey, storeKey, whoami, type Session } from './session.js';
import { consoleText } from './strings.js';
import type { Principal } from './types.js';

function View({ route }: { route: Route }) {
  switch (route.name) {
    case 'campaigns':
      return <Campaigns />;
    case 'campaign':
      return <CampaignDetail key={route.id} id={route.id} />;
    case 'cases':
      return <Cases />;
    case 'case':
      return <CaseDetail key={route.id} id={route.id} />;
    case 'consent':
      return <Consent />;
    case 'intake':
      return <Intake />;
  }
}

function Nav({ current }: { current: Section }) {
  const t = useText(consoleText);
  const items: { id: Section; label: string; to: string }[] = [
    { id: 'campaigns', label: t.navCampaigns, to: href.campaigns },
    { id: 'cases', label: t.navCases, to: href.cases },
    { id: 'consent', label: t.navConsent, to: href.consent },
    { id: 'intake', label: t.navIntake, to: href.intake },
  ];
  return (
    <nav class="side-nav" aria-label={t.nav}>
      <ul>
        {items.map((i) => (
          <li key={i.id}>
            <a href={i.to} aria-current={current === i.id ? 'page' : undefined} data-testid={`nav-${i.id}`}>
              {i.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

type Auth = { state: 'checking' } | { state: 'out'; notice: string | null } | { state: 'in'; key: string; principal: Principal };

export function App() {
  const [lang, setLang] = useState<Lang>(initialLang);
  // Callbacks created once (logout, the session check) read the language at the time they run.
  const langRef = useRef(lang);
  langRef.current = lang;
  const t = consoleText[lang];
  const route = useRoute();
  const [auth, setAuth] = useState<Auth>(() => (storedKey() ? { state: 'checking' } : { state: 'out', notice: null }));

  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = t.docTitle;
  }, [lang]);

  // A key left in this tab's sessionStorage (a reload): check it is still valid before showing anything.
  useEffect(() => {
    const key = storedKey();
    if (!key) return;
    const ctl = new AbortController();
    whoami(key, ctl.signal).then(
      (principal) => setAuth({ state: 'in', key, principal }),
      (e: unknown) => {
        if (ctl.signal.aborted) return;
        if (e instanceof ApiError && e.status === 401) storeKey(null);
        setAuth({ state: 'out', notice: e instanceof ApiError && e.status === 401 ? consoleText[langRef.current].sessionExpired : null });
      },
    );
    return () => ctl.abort();
  }, []);

  const logout = useCallback((expired = false) => {
    storeKey(null);
    setAuth({ state: 'out', notice: expired ? consoleText[langRef.current].sessionExpired : null });
  }, []);

  const session = useMemo<Session | null>(() => (auth.state === 'in' ? { key: auth.key, principal: auth.principal, logout } : null), [auth, logout]);

  const switchLang = (): void => {
    const next = lang === 'ja' ? 'en' : 'ja';
    applyLang(next);
    setLang(next);
  };

  return (
    <LangContext.Provider value={lang}>
      <a class="skip-link" href="#main">
        {t.skip}
      </a>
      <header class="console-header">
        <p class="console-title">
          <span class="brand-mark">mamoru</span> {t.title}
        </p>
        <div class="header-actions">
          {session ? (
            <span class="who" data-testid="whoami">
              {t.signedInAs(session.principal.memberName, session.principal.role)}
            </span>
          ) : null}
          <LangSwitch onSwitch={switchLang} />
          {session ? (
            <button type="button" class="btn" onClick={() => logout()} data-testid="logout">
              {t.logout}
            </button>
          ) : null}
        </div>
      </header>
      {auth.state === 'checking' ? (
        <main id="main" class="console-main">
          <Loading />
        </main>
      ) : null}
      {auth.state === 'out' ? (
        <main id="main" class="console-main">
          <Login
            notice={auth.notice}
            onLogin={(key, principal) => {
              storeKey(key);
              markMoved();
              setAuth({ state: 'in', key, principal });
            }}
          />
        </main>
      ) : null}
      {session ? (
        <SessionContext.Provider value={session}>
          <div class="console-layout">
            <Nav current={sectionOf(route)} />
            <main id="main" class="console-main" tabIndex={-1}>
              <Boundary>
                <View route={route} />
              </Boundary>
            </main>
          </div>
        </SessionContext.Provider>
      ) : null}
    </LangContext.Provider>
  );
}
