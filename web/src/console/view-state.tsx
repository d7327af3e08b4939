// How a console view shows loading and failures: a 403 names the caller's role, a 404 says not found, 429 and
// network errors say to wait; each keeps the server's own message for the analyst and offers a retry.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import type { ApiError } from '../shared/api.js';
import { useText } from '../shared/i18n.js';
import { ErrorMessage, Loading } from '../shared/ui.js';
import type { FetchState } from '../shared/use-fetch.js';
import { hasMoved } from './router.js';
import { useSession } from './session.js';
import { consoleText } from './strings.js';

export function ApiErrorView({ error, onRetry }: { error: ApiError; onRetry?: () => void }) {
  const t = useText(consoleText);
  const { principal } = useSession();
  const text =
    error.status === 403
      ? t.forbidden(principal.role)
      : error.status === 404
        ? t.notFound
        : error.status === 429
          ? t.rateLimited
          : error.status === 0
            ? t.network
            : t.failed;
  return (
    <div data-testid="view-error" data-status={error.status}>
      <ErrorMessage error={error} onRetry={error.status === 403 ? undefined : onRetry}>
        {text}
      </ErrorMessage>
    </div>
  );
}

/** Loading, then the error view, then `children(data)`. */
export function Loaded<T>({ state, children }: { state: FetchState<T>; children: (data: T) => ComponentChildren }) {
  if (state.data !== null) return <>{children(state.data)}</>;
  if (state.error) return <ApiErrorView error={state.error} onRetry={state.reload} />;
  return <Loading />;
}

/** A view's heading; takes focus when the user opens the view so screen readers announce it. */
export function ViewHeading({ children }: { children: ComponentChildren }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (hasMoved()) ref.current?.focus({ preventScroll: true });
  }, []);
  return (
    <h2 ref={ref} tabIndex={-1} class="view-heading">
      {children}
    </h2>
  );
}
