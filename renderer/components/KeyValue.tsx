// Label/value lists for detail panes (a <dl> laid out as a two-column grid).
import type { ReactNode } from 'react';
import { SafeText } from './SafeText';

export type KeyValueItem = [label: string, value: ReactNode] | null | undefined | false | '' | 0;

export function KeyValue({ items, className, label }: { items: KeyValueItem[]; className?: string; label?: string }) {
  const shown = items.filter(Boolean) as Array<[string, ReactNode]>;
  return (
    <dl className={`kv ${className ?? ''}`} aria-label={label}>
      {shown.map(([k, v]) => (
        <div className="kv-row" key={k}>
          <dt>{k}</dt>
          <dd>{v === undefined || v === null || v === '' ? <span className="faint">—</span> : v}</dd>
        </div>
      ))}
    </dl>
  );
}

/** An untrusted string value for a KeyValue (monospace unless told otherwise). */
export function Val({ text, mono = true }: { text: string | undefined | null; mono?: boolean }) {
  if (text === undefined || text === null || text === '') return <span className="faint">—</span>;
  return <SafeText className={mono ? 'mono' : undefined} text={text} />;
}
