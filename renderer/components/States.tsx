// Loading / empty placeholders shared by every view, and a helper that renders an AsyncState.
import type { ReactNode } from 'react';
import type { AsyncState } from '../lib/api';
import { ErrorBox } from './ErrorBox';

export function Loading({ what }: { what: string }) {
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> Loading {what}…
    </div>
  );
}

export function Empty({ children, title }: { children?: ReactNode; title: string }) {
  return (
    <div className="state state-empty">
      <div className="state-title">{title}</div>
      {children && <div className="muted">{children}</div>}
    </div>
  );
}

/** Renders loading / error for an AsyncState, or the content for its value. */
export function AsyncView<T>({
  state,
  what,
  children,
}: {
  state: AsyncState<T> & { reload?: () => void };
  what: string;
  children: (value: T) => ReactNode;
}) {
  if (state.status === 'loading') return <Loading what={what} />;
  if (state.status === 'error') return <ErrorBox error={state.error} title={`Could not load ${what}`} onRetry={state.reload} />;
  return <>{children(state.value)}</>;
}
