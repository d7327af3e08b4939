// The public scam-SMS monitor page.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { getJson } from '../shared/api.js';
import { applyLang, initialLang, LangContext, type Lang } from '../shared/i18n.js';
import { Boundary, LangSwitch } from '../shared/ui.js';
import { useFetch } from '../shared/use-fetch.js';
import { DidYouKnow } from './did-you-know.js';
import { Gallery } from './gallery.js';
import { HeatmapChart } from './heatmap.js';
import { Infected } from './infected.js';
import { LiveCounter } from './live-counter.js';
import { BrandsChart, FamiliesChart } from './shares.js';
import { monitorText } from './strings.js';
import { DailyChart, HourlyChart } from './timeline-charts.js';
import type { Summary } from './types.js';
import { useLive } from './use-live.js';
import { useTicks } from './use-ticks.js';

function Section({ id, title, children }: { id: string; title: string; children: ComponentChildren }) {
  return (
    <section class="section" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{title}</h2>
      <Boundary>{children}</Boundary>
    </section>
  );
}

export function App() {
  const [lang, setLang] = useState<Lang>(initialLang);
  const t = monitorText[lang];
  const live = useLive();
  const { tick, slowTick } = useTicks(live.stats);
  const summary = useFetch((signal) => getJson<Summary>('/v1/stats/summary', { signal }), [], slowTick);

  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = t.docTitle;
  }, [lang]);

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
      <header class="site-header">
        <div class="wrap header-row">
          <p class="brand-mark">mamoru</p>
          <LangSwitch onSwitch={switchLang} />
        </div>
        <div class="wrap">
          <h1>{t.title}</h1>
          <p class="lead">{t.lead}</p>
          <p class="note">{t.detectedNote}</p>
        </div>
      </header>
      <main id="main" class="wrap" tabIndex={-1}>
        <Section id="now" title={t.nowHeading}>
          <LiveCounter stats={live.stats} status={live.status} summary={summary.data} />
        </Section>
        <Section id="trend" title={t.trendHeading}>
          <div class="grid-2">
            <HourlyChart tick={tick} />
            <DailyChart tick={tick} />
          </div>
        </Section>
        <Section id="heat" title={t.heatHeading}>
          <HeatmapChart tick={slowTick} />
        </Section>
        <Section id="infected" title={t.infectedHeading}>
          <Infected tick={tick} summary={summary.data} />
        </Section>
        <Section id="shares" title={t.sharesHeading}>
          <div class="grid-2">
            <BrandsChart tick={slowTick} />
            <FamiliesChart tick={slowTick} />
          </div>
        </Section>
        <Section id="gallery" title={t.galleryHeading}>
          <p class="section-lead">{t.galleryLead}</p>
          <Gallery tick={slowTick} />
        </Section>
        <Section id="know" title={t.knowHeading}>
          <DidYouKnow />
        </Section>
      </main>
      <footer class="site-footer">
        <div class="wrap">
          <p>{t.footer}</p>
        </div>
      </footer>
    </LangContext.Provider>
  );
}
