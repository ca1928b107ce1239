// A collapsible tree of JSON-like values (annotations, crit-style pretty entries in small places).
// Big arrays/objects show the first children with a "show more" button; strings go through SafeText.
import { useState } from 'react';
import type { PrettyValue } from '../../shared/model';
import { SafeText } from './SafeText';

const PAGE = 100;

export function ValueTree({ value, label, defaultOpenDepth = 1, preview }: { value: unknown; label?: string; defaultOpenDepth?: number; /** Raw text shown beside the collapsed root. */ preview?: string }) {
  return (
    <div className="value-tree mono" role="tree" aria-label={label}>
      <ValueNode name={null} value={value as PrettyValue} depth={0} openDepth={defaultOpenDepth} preview={preview} />
    </div>
  );
}

function summary(value: unknown): string {
  if (Array.isArray(value)) return `[${value.length}]`;
  if (value && typeof value === 'object') return `{${Object.keys(value).length}}`;
  return '';
}

function Scalar({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <span className="vt-null">null</span>;
  if (typeof value === 'string') return <span className="vt-string">"<SafeText text={value} limit={400} />"</span>;
  if (typeof value === 'number' || typeof value === 'bigint') return <span className="vt-number">{String(value)}</span>;
  if (typeof value === 'boolean') return <span className="vt-bool">{String(value)}</span>;
  return <span>{String(value)}</span>;
}

function ValueNode({ name, value, depth, openDepth, preview }: { name: string | null; value: unknown; depth: number; openDepth: number; preview?: string }) {
  const isContainer = value !== null && typeof value === 'object';
  const [open, setOpen] = useState(depth < openDepth);
  const [shown, setShown] = useState(PAGE);
  const keyLabel = name !== null && (
    <span className="vt-key">
      <SafeText text={name} />
      <span className="vt-colon">: </span>
    </span>
  );
  if (!isContainer) {
    return (
      <div className="vt-row" role="treeitem" aria-selected={false} style={{ paddingLeft: depth * 14 + 14 }}>
        {keyLabel}
        <Scalar value={value} />
      </div>
    );
  }
  const entries: Array<[string, unknown]> = Array.isArray(value)
    ? value.map((v, i) => [String(i), v])
    : Object.entries(value as Record<string, unknown>);
  return (
    <div role="treeitem" aria-expanded={open} aria-selected={false}>
      <div className="vt-row vt-branch" style={{ paddingLeft: depth * 14 }} onClick={() => setOpen(!open)}>
        <button type="button" className="tree-toggle" aria-label={open ? 'Collapse' : 'Expand'}>
          {open ? '▾' : '▸'}
        </button>
        {keyLabel}
        <span className="vt-summary">{summary(value)}</span>
        {!open && preview && (
          <span className="vt-preview">
            <SafeText text={preview.length > 160 ? `${preview.slice(0, 160)}…` : preview} />
          </span>
        )}
      </div>
      {open && (
        <div role="group">
          {entries.slice(0, shown).map(([k, v]) => (
            <ValueNode key={k} name={k} value={v} depth={depth + 1} openDepth={openDepth} />
          ))}
          {entries.length > shown && (
            <div style={{ paddingLeft: (depth + 1) * 14 + 14 }}>
              <button type="button" className="link" onClick={() => setShown(shown + PAGE * 10)}>
                show more ({entries.length - shown} left)
              </button>
            </div>
          )}
        </div>
      )}
    </div>
  );
}
