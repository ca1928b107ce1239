// A process state as a coloured badge: Dead and Zombie stand out.
import type { ProcessInfo } from '../../../shared/model';

export function StateBadge({ state, exitCode }: { state: ProcessInfo['state']; exitCode?: number }) {
  const cls = state === 'Alive' ? 'ok' : state === 'Dead' || state === 'Zombie' ? 'danger' : 'warn';
  return (
    <span className={`badge state-${cls}`} title={exitCode !== undefined ? `exit code ${exitCode}` : undefined}>
      {state}
      {exitCode !== undefined && state !== 'Alive' ? ` (${exitCode})` : ''}
    </span>
  );
}
