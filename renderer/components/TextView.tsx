// A virtualized text viewer: line numbers, wrap toggle, encoding detection (UTF-8, UTF-16 by BOM,
// latin1 when the bytes are not UTF-8). Every line goes through SafeText.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { decodeText, formatBytes, type TextEncodingName } from '../../shared/text';
import { SafeText } from './SafeText';
import { plural } from '../lib/plural';

export interface TextViewProps {
  /** Raw bytes, decoded here; or give `text` directly. */
  bytes?: Uint8Array;
  text?: string;
  /** aria-label, default "Text view". */
  label?: string;
  /** Set when `bytes` is only the start of a larger file. */
  totalSize?: number;
  /** Per-line class (e.g. "added"/"removed" in a diff). */
  lineClassName?: (index: number, line: string) => string | undefined;
  /** Extra toolbar content. */
  actions?: ReactNode;
  /** Start with wrapping on. */
  wrap?: boolean;
}

const LINE_HEIGHT = 20;
const LINE_LIMIT = 20_000;
const MAX_MATCH_LINES = 100_000;

const ENCODING_NAMES: Record<TextEncodingName, string> = {
  'utf-8': 'UTF-8',
  'utf-16le': 'UTF-16 LE',
  'utf-16be': 'UTF-16 BE',
  latin1: 'Latin-1 (not valid UTF-8)',
};

export function TextView({ bytes, text, label = 'Text view', totalSize, lineClassName, actions, wrap: initialWrap = false }: TextViewProps) {
  const [wrap, setWrap] = useState(initialWrap);
  const decoded = useMemo(() => (text !== undefined ? { text, encoding: null, bom: false } : decodeText(bytes ?? new Uint8Array())), [bytes, text]);
  const lines = useMemo(() => {
    const all = decoded.text.split(/\r?\n/);
    if (all.length > 1 && all[all.length - 1] === '') all.pop();
    return all;
  }, [decoded.text]);
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: lines.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => LINE_HEIGHT,
    overscan: 20,
  });
  const digits = String(lines.length).length;

  // Find: case-insensitive, per line; Enter / Shift+Enter step through the matching lines.
  const [query, setQuery] = useState('');
  const [current, setCurrent] = useState(0);
  const findRef = useRef<HTMLInputElement>(null);
  const matches = useMemo(() => {
    if (!query) return [];
    const needle = query.toLowerCase();
    const found: number[] = [];
    for (let i = 0; i < lines.length && found.length < MAX_MATCH_LINES; i++) if (lines[i].toLowerCase().includes(needle)) found.push(i);
    return found;
  }, [lines, query]);
  useEffect(() => setCurrent(0), [matches]);
  useEffect(() => {
    if (!matches.length) return;
    virtualizer.scrollToIndex(matches[Math.min(current, matches.length - 1)], { align: 'center' });
    // A match far right on a long line: bring it into view horizontally once the row is drawn.
    const frame = requestAnimationFrame(() =>
      scrollRef.current?.querySelector('.current-match .find-hit')?.scrollIntoView({ block: 'nearest', inline: 'center' }),
    );
    return () => cancelAnimationFrame(frame);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [matches, current]);
  const step = (delta: number) => matches.length && setCurrent((c) => (c + delta + matches.length) % matches.length);
  const currentLine = matches.length ? matches[Math.min(current, matches.length - 1)] : -1;
  const partial = totalSize !== undefined && bytes !== undefined && totalSize > bytes.length;
  return (
    <div className="text-view">
      <div className="text-toolbar">
        <span className="muted">
          {plural(lines.length, 'line')}
          {decoded.encoding && ` · ${ENCODING_NAMES[decoded.encoding]}${decoded.bom ? ' with BOM' : ''}`}
          {partial && ` · first ${formatBytes(bytes!.length)} of ${formatBytes(totalSize!)}`}
        </span>
        <span className="grow" />
        <input
          ref={findRef}
          type="search"
          className="find-input"
          placeholder="Find"
          aria-label="Find in text"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              step(e.shiftKey ? -1 : 1);
            }
          }}
        />
        {query && (
          <span className="muted nowrap" aria-live="polite">
            {matches.length ? `line ${currentLine + 1} · ${Math.min(current, matches.length - 1) + 1} of ${matches.length.toLocaleString('en')}${matches.length >= MAX_MATCH_LINES ? '+' : ''}` : 'no match'}
          </span>
        )}
        <button type="button" className="small" disabled={!matches.length} onClick={() => step(-1)} aria-label="Previous match">
          ↑
        </button>
        <button type="button" className="small" disabled={!matches.length} onClick={() => step(1)} aria-label="Next match">
          ↓
        </button>
        {actions}
        <label className="checkbox">
          <input type="checkbox" checked={wrap} onChange={(e) => setWrap(e.target.checked)} /> Wrap lines
        </label>
      </div>
      <div
        className={`text-scroll${wrap ? ' wrap' : ''}`}
        ref={scrollRef}
        role="document"
        aria-label={label}
        tabIndex={0}
        onKeyDown={(e) => {
          if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'f') {
            e.preventDefault();
            findRef.current?.focus();
            findRef.current?.select();
          }
        }}
      >
        <div className="text-lines" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const line = lines[item.index];
            const extra = lineClassName?.(item.index, line);
            return (
              <div
                key={item.key}
                data-index={item.index}
                ref={wrap ? virtualizer.measureElement : undefined}
                className={`text-line${extra ? ` ${extra}` : ''}${item.index === currentLine ? ' current-match' : ''}`}
                style={{ transform: `translateY(${item.start}px)`, minHeight: LINE_HEIGHT }}
              >
                <span className="line-no" style={{ width: `${digits + 2}ch` }}>
                  {item.index + 1}
                </span>
                <span className="line-text">
                  <LineText line={line} query={query} />
                </span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

/** One line, with the matches of the find query marked. */
function LineText({ line, query }: { line: string; query: string }) {
  if (!query || line.length > LINE_LIMIT) return <SafeText text={line} limit={LINE_LIMIT} multiline />;
  const lower = line.toLowerCase();
  const needle = query.toLowerCase();
  // Lower-casing can change lengths (e.g. "İ"); then offsets would not line up, so mark nothing.
  if (lower.length !== line.length) return <SafeText text={line} limit={LINE_LIMIT} multiline />;
  const parts: ReactNode[] = [];
  let at = 0;
  for (let hit = lower.indexOf(needle); hit >= 0 && needle; hit = lower.indexOf(needle, at)) {
    if (hit > at) parts.push(<SafeText key={`t${at}`} text={line.slice(at, hit)} multiline />);
    parts.push(
      <mark key={`m${hit}`} className="find-hit">
        <SafeText text={line.slice(hit, hit + needle.length)} multiline />
      </mark>,
    );
    at = hit + needle.length;
  }
  if (parts.length === 0) return <SafeText text={line} limit={LINE_LIMIT} multiline />;
  if (at < line.length) parts.push(<SafeText key={`t${at}`} text={line.slice(at)} multiline />);
  return <>{parts}</>;
}
