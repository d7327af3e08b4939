// Small building blocks both pages share: status messages (loading, empty, error with retry), a section error
// boundary, the language switch and a visually-hidden data table for screen readers.
import type { ComponentChildren } from 'preact';
import { useErrorBoundary } from 'preact/hooks';
import type { ApiError } from './api.js';
import { commonText } from './common-text.js';
import { locale, useLang, useText } from './i18n.js';

export function Loading() {
  const t = useText(commonText);
  return (
    <p class="status status-loading" role="status">
      {t.loading}
    </p>
  );
}

export function Empty({ children }: { children?: ComponentChildren }) {
  const t = useText(commonText);
  return <p class="status status-empty">{children ?? t.noData}</p>;
}

export function ErrorMessage({ error, onRetry, children }: { error: ApiError | null; onRetry?: () => void; children?: ComponentChildren }) {
  const t = useText(commonText);
  return (
    <div class="status status-error" role="alert">
      <p>{children ?? t.error}</p>
      {error && error.message ? <p class="status-detail">{`${error.code}: ${error.message}`}</p> : null}
      {onRetry ? (
        <button type="button" class="btn" onClick={onRetry}>
          {t.retry}
        </button>
      ) : null}
    </div>
  );
}

/** Keeps a rendering bug in one section from blanking the whole page. */
export function Boundary({ children }: { children: ComponentChildren }) {
  const t = useText(commonText);
  // Preact types the caught error as any; it is only tested for presence here.
  const boundary: [unknown, () => void] = useErrorBoundary((e: unknown) => console.warn('section failed to render', e));
  const [err, reset] = boundary;
  if (err) {
    return (
      <div class="status status-error" role="alert">
        <p>{t.sectionError}</p>
        <button type="button" class="btn" onClick={reset}>
          {t.retry}
        </button>
      </div>
    );
  }
  return <>{children}</>;
}

export function LangSwitch({ onSwitch }: { onSwitch: () => void }) {
  const t = useText(commonText);
  const lang = useLang();
  return (
    <button type="button" class="btn lang-switch" data-testid="lang-switch" onClick={onSwitch} lang={lang === 'ja' ? 'en' : 'ja'} aria-label={t.switchLabel}>
      {t.switchTo}
    </button>
  );
}

export interface TableData {
  caption: string;
  head: string[];
  rows: (string | number)[][];
}

/** The numbers behind a chart, for screen readers (visually hidden). */
export function DataTable({ table }: { table: TableData }) {
  const lang = useLang();
  const fmt = new Intl.NumberFormat(locale(lang));
  // The class sits on a wrapper: a table ignores width: 1px and would widen the page.
  return (
    <div class="sr-only">
      <table>
        <caption>{table.caption}</caption>
        <thead>
          <tr>
            {table.head.map((h, i) => (
              <th scope="col" key={i}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, r) => (
            <tr key={r}>
              {row.map((cell, c) =>
                c === 0 ? (
                  <th scope="row" key={c}>
                    {cell}
                  </th>
                ) : (
                  <td key={c}>{typeof cell === 'number' ? fmt.format(cell) : cell}</td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
