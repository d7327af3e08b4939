// "知っていますか / Did you know": who really sends scam SMS, how phones get infected, what to do after a
// click, how to report. Plain words; the facts come from the project's design notes.
import { useLang, useText } from '../shared/i18n.js';
import { monitorText } from './strings.js';

export function DidYouKnow() {
  const t = useText(monitorText);
  const lang = useLang();
  return (
    <div class="know">
      <article class="card know-card">
        <h3>{t.knowSenderTitle}</h3>
        {t.knowSender.map((p) => (
          <p key={p}>{p}</p>
        ))}
      </article>
      <article class="card know-card">
        <h3>{t.knowInfectTitle}</h3>
        <ol>
          {t.knowInfect.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ol>
        <p>{t.knowInfectIphone}</p>
      </article>
      <article class="card know-card">
        <h3>{t.knowClickedTitle}</h3>
        <p>{t.knowClickedOnly}</p>
        <p>{t.knowInstalledLead}</p>
        <ol>
          {t.knowInstalled.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ol>
      </article>
      <article class="card know-card">
        <h3>{t.knowReportTitle}</h3>
        <p>{t.knowReport7726}</p>
        <p>
          {t.knowReportWeb} <a href={lang === 'en' ? '/report?lang=en' : '/report'}>{t.knowReportLink}</a>
        </p>
      </article>
    </div>
  );
}
