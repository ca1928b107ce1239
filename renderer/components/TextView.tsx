// A virtualized text viewer: line numbers, wrap toggle, encoding detection (UTF-8, UTF-16 by BOM,
// latin1 when the bytes are not UTF-8). Every line goes through SafeText.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef, useState, type ReactNode } from 'react';
import { decodeText, formatBytes, type TextEncodingName } from '../../shared/text';
import { SafeText } from './SafeText';

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
  const partial = totalSize !== undefined && bytes !== undefined && totalSize > bytes.length;
  return (
    <div className="text-view">
      <div className="text-toolbar">
        <span className="muted">
          {lines.length.toLocaleString('en')} lines
          {decoded.encoding && ` · ${ENCODING_NAMES[decoded.encoding]}${decoded.bom ? ' with BOM' : ''}`}
          {partial && ` · first ${formatBytes(bytes!.length)} of ${formatBytes(totalSize!)}`}
        </span>
        <span className="grow" />
        {actions}
        <label className="checkbox">
          <input type="checkbox" checked={wrap} onChange={(e) => setWrap(e.target.checked)} /> Wrap lines
        </label>
      </div>
      <div className={`text-scroll${wrap ? ' wrap' : ''}`} ref={scrollRef} role="document" aria-label={label} tabIndex={0}>
        <div className="text-lines" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const line = lines[item.index];
            const extra = lineClassName?.(item.index, line);
            return (
              <div
                key={item.key}
                data-index={item.index}
                ref={wrap ? virtualizer.measureElement : undefined}
                className={`text-line${extra ? ` ${extra}` : ''}`}
                style={{ transform: `translateY(${item.start}px)`, minHeight: LINE_HEIGHT }}
              >
                <span className="line-no" style={{ width: `${digits + 2}ch` }}>
                  {item.index + 1}
                </span>
                <span className="line-text">
                  <SafeText text={line} limit={LINE_LIMIT} multiline />
                </span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
