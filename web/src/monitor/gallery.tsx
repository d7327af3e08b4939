// Recent messages of analyst-confirmed campaigns. The server masks numbers and defangs links; the text is still
// attacker-written, so it is rendered as a text node only — never as HTML, never as a link.
import { getJson } from '../shared/api.js';
import { brandName, commonText, familyName } from '../shared/common-text.js';
import { fmtDate, fmtNumber } from '../shared/format.js';
import { useLang, useText } from '../shared/i18n.js';
import { Empty, ErrorMessage, Loading } from '../shared/ui.js';
import { useFetch } from '../shared/use-fetch.js';
import { monitorText } from './strings.js';
import type { Gallery as GalleryData, GalleryItem } from './types.js';

const LIMIT = 12;

function Item({ item }: { item: GalleryItem }) {
  const lang = useLang();
  const t = useText(monitorText);
  const c = useText(commonText);
  return (
    <li class="sms" data-testid="gallery-item">
      <p class="sms-tags">
        <span class="tag tag-warn">{t.galleryCaution}</span>
        {item.brand ? <span class="tag">{brandName(c, item.brand)}</span> : null}
        {item.family ? <span class="tag tag-family">{familyName(c, item.family)}</span> : null}
      </p>
      <p class="sms-text">{item.text}</p>
      <p class="sms-meta">
        <span>
          {t.galleryFirstSeen} <time dateTime={new Date(item.firstSeen).toISOString()}>{fmtDate(item.firstSeen)}</time>
        </span>
        {item.reports > 0 ? <span>{t.galleryReports(item.reports, fmtNumber(item.reports, lang))}</span> : null}
      </p>
    </li>
  );
}

export function Gallery({ tick }: { tick: number }) {
  const t = useText(monitorText);
  const state = useFetch((signal) => getJson<GalleryData>(`/v1/gallery?limit=${LIMIT}`, { signal }), [], tick);
  const items = state.data?.items ?? [];
  return (
    <div data-testid="gallery" data-state={state.data ? (items.length ? 'ready' : 'empty') : state.error ? 'error' : 'loading'}>
      {!state.data && state.loading ? <Loading /> : null}
      {!state.data && state.error ? <ErrorMessage error={state.error} onRetry={state.reload} /> : null}
      {state.data && items.length === 0 ? <Empty>{t.galleryEmpty}</Empty> : null}
      {items.length > 0 ? (
        <ul class="sms-list">
          {items.map((item) => (
            <Item key={item.id} item={item} />
          ))}
        </ul>
      ) : null}
    </div>
  );
}
