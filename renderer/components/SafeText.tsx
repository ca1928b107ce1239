// The one way untrusted text reaches the screen: control, bidi and invisible characters become
// visible escapes in a distinct style, and very long strings are cut with a "show all" toggle.
import { useMemo, useState } from 'react';
import { escapeSegments, escapeText, truncateText } from '../../shared/text';

export interface SafeTextProps {
  text: string | undefined | null;
  /** Characters shown before the "show all" toggle (default 512). */
  limit?: number;
  /** Keep newlines as line breaks (multi-line values); otherwise shown as \n. */
  multiline?: boolean;
  /** Shown when text is empty/absent. */
  placeholder?: string;
  className?: string;
  /** Sets a title with the escaped full text (for clipped cells). */
  title?: boolean;
}

export function SafeText({ text, limit = 512, multiline = false, placeholder = '', className, title }: SafeTextProps) {
  const [expanded, setExpanded] = useState(false);
  const value = text ?? '';
  const { shown, truncated } = useMemo(() => {
    const cut = expanded ? { text: value, truncated: false } : truncateText(value, limit);
    return { shown: cut.text, truncated: cut.truncated };
  }, [value, limit, expanded]);
  const segments = useMemo(() => escapeSegments(shown, { keepNewlines: multiline, keepTabs: multiline }), [shown, multiline]);
  if (!value) return placeholder ? <span className={`safe-text empty ${className ?? ''}`}>{placeholder}</span> : null;
  return (
    <span className={`safe-text${multiline ? ' multiline' : ''} ${className ?? ''}`} title={title ? escapeText(value).slice(0, 4096) : undefined}>
      {segments.map((s, i) =>
        s.escaped ? (
          <span key={i} className="escape" title="hidden or control character">
            {s.text}
          </span>
        ) : (
          <span key={i}>{s.text}</span>
        ),
      )}
      {truncated && (
        <button type="button" className="link show-all" onClick={() => setExpanded(true)}>
          … show all ({value.length.toLocaleString('en')} chars)
        </button>
      )}
      {expanded && value.length > limit && (
        <button type="button" className="link show-all" onClick={() => setExpanded(false)}>
          show less
        </button>
      )}
    </span>
  );
}
