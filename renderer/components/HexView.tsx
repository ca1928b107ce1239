// A virtualized hex viewer over a logical byte space of any size (a file, or a whole address space
// shown as its mapped regions). It never relies on DOM scroll height: the viewport is fixed, the
// scroll position is a row index, and only the visible rows are rendered. Bytes come from the
// source in 64 KiB pages through a bounded LRU cache; "not in dump" bytes are drawn distinctly.
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { bytesToAscii, bytesToCArray, hexByte, toHex } from '../../shared/text';
import { errorText } from '../lib/api';
import { HexGoTo } from './HexGoTo';
import { HexInspector } from './HexInspector';
import { HexScrollbar } from './HexScrollbar';
import { HexPageCache, readRange, type ByteValue } from './hex-cache';
import { plural } from '../lib/plural';

export interface HexSource {
  /** Logical size in bytes. */
  size: number;
  /** Address label of a logical offset (memory views map offsets to virtual addresses). */
  addressOf(offset: number): bigint;
  /** Inverse, for go-to-address; null when the address is outside the source. */
  offsetOf(address: bigint): number | null;
  /** Reads a window; chunks with bytes === null are "not in dump" and drawn distinctly, never as 00. */
  read(offset: number, length: number): Promise<Array<{ offset: number; length: number; bytes: Uint8Array | null }>>;
  /** Optional region boundaries to draw separators/labels at (memory regions), sorted by offset. */
  boundaries?: Array<{ offset: number; label: string }>;
}

export interface HexHighlight {
  offset: number;
  length: number;
  kind?: 'match' | 'selection';
}

export interface HexViewProps {
  /** Keep the object stable (useMemo): a new source clears the cache. */
  source: HexSource;
  /** aria-label, default "Hex view". */
  label?: string;
  highlights?: HexHighlight[];
  /** Scrolls so this offset is visible (and puts the cursor there) whenever it changes. */
  scrollToOffset?: number | null;
  /** Change it (e.g. a counter) to scroll to the same `scrollToOffset` again. */
  scrollKey?: unknown;
  /** Controlled selection (end exclusive). Leave undefined for an uncontrolled selection. */
  selection?: { start: number; end: number } | null;
  onSelectionChange?(sel: { start: number; end: number } | null): void;
  /** When given, Ctrl+G calls it instead of opening the built-in go-to bar. */
  onGoTo?(): void;
  /** Data inspector hook: which region a u64 points into. */
  describePointer?(value: bigint): string | null;
  /** Show the data inspector panel (default true). */
  inspector?: boolean;
  /** Extra toolbar content (e.g. a Save… button). */
  actions?: ReactNode;
  /** Called when the cursor moves (offset of the byte under the cursor). */
  onCursorChange?(offset: number): void;
}

const BYTES_PER_ROW = 16;
const ROW_HEIGHT = 20;
const COPY_LIMIT = 4 * 1024 * 1024;
const INSPECTOR_MIN_WIDTH = 1000;

export function HexView(props: HexViewProps) {
  const { source, label = 'Hex view', highlights, scrollToOffset, describePointer, inspector = true } = props;
  const rows = Math.ceil(source.size / BYTES_PER_ROW);
  const [version, setVersion] = useState(0);
  const cache = useMemo(() => new HexPageCache(source, () => setVersion((v) => v + 1)), [source]);
  useEffect(() => () => cache.dispose(), [cache]);

  const rootRef = useRef<HTMLDivElement>(null);
  const viewportRef = useRef<HTMLDivElement>(null);
  const [viewportHeight, setViewportHeight] = useState(400);
  const visibleRows = Math.max(1, Math.floor(viewportHeight / ROW_HEIGHT));
  const maxTop = Math.max(0, rows - visibleRows);
  const [topRow, setTopRowRaw] = useState(0);
  const setTopRow = useCallback((row: number) => setTopRowRaw(Math.max(0, Math.min(Math.round(row), maxTop))), [maxTop]);

  const [cursor, setCursorRaw] = useState(0);
  const anchor = useRef(0);
  const [ownSelection, setOwnSelection] = useState<{ start: number; end: number } | null>(null);
  const selection = props.selection !== undefined ? props.selection : ownSelection;
  const [goToOpen, setGoToOpen] = useState(false);
  const [menu, setMenu] = useState<{ x: number; y: number } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  // Reset position when the source changes.
  useEffect(() => {
    setTopRowRaw(0);
    setCursorRaw(0);
    setOwnSelection(null);
  }, [source]);

  const [rootWidth, setRootWidth] = useState(1200);
  const [inspectorChoice, setInspectorChoice] = useState<boolean | null>(null);
  useLayoutEffect(() => {
    const el = viewportRef.current;
    const root = rootRef.current;
    if (!el || !root) return;
    const observer = new ResizeObserver(() => {
      setViewportHeight(el.clientHeight);
      setRootWidth(root.clientWidth);
    });
    observer.observe(el);
    observer.observe(root);
    setViewportHeight(el.clientHeight);
    setRootWidth(root.clientWidth);
    return () => observer.disconnect();
  }, []);
  // The inspector needs room beside 16 columns of hex; in narrow panes it starts hidden.
  const showInspector = inspector && (inspectorChoice ?? rootWidth >= INSPECTOR_MIN_WIDTH);

  useEffect(() => {
    if (topRow > maxTop) setTopRowRaw(maxTop);
  }, [maxTop, topRow]);

  const firstOffset = topRow * BYTES_PER_ROW;
  const visibleBytes = visibleRows * BYTES_PER_ROW;
  useEffect(() => {
    // The visible window first, then one screen above and below, so scrolling does not flash "loading".
    cache.ensure(firstOffset, visibleBytes);
    cache.ensure(Math.max(0, firstOffset - BYTES_PER_ROW * visibleRows), visibleBytes * 3);
  }, [cache, firstOffset, visibleBytes, visibleRows, version]);

  const setSelection = useCallback(
    (sel: { start: number; end: number } | null) => {
      if (props.selection === undefined) setOwnSelection(sel);
      props.onSelectionChange?.(sel);
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [props.selection, props.onSelectionChange],
  );

  const revealOffset = useCallback(
    (offset: number, center = false) => {
      const row = Math.floor(offset / BYTES_PER_ROW);
      setTopRowRaw((top) => {
        if (!center && row >= top && row < top + visibleRows) return top;
        const target = center ? row - Math.floor(visibleRows / 3) : row < top ? row : row - visibleRows + 1;
        return Math.max(0, Math.min(target, maxTop));
      });
    },
    [visibleRows, maxTop],
  );

  const moveCursor = useCallback(
    (offset: number, extend: boolean) => {
      if (source.size === 0) return;
      const next = Math.max(0, Math.min(offset, source.size - 1));
      setCursorRaw(next);
      props.onCursorChange?.(next);
      if (extend) setSelection({ start: Math.min(anchor.current, next), end: Math.max(anchor.current, next) + 1 });
      else {
        anchor.current = next;
        if (selection) setSelection(null);
      }
      revealOffset(next);
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [source.size, setSelection, selection, revealOffset, props.onCursorChange],
  );

  useEffect(() => {
    if (scrollToOffset === null || scrollToOffset === undefined || scrollToOffset < 0 || scrollToOffset >= source.size) return;
    setCursorRaw(scrollToOffset);
    anchor.current = scrollToOffset;
    revealOffset(scrollToOffset, true);
    // Only when the requested offset (or the scroll key) changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [scrollToOffset, props.scrollKey, source]);

  // ------------------------------------------------------------ wheel (non-passive, no page scroll)
  const wheelRest = useRef(0);
  useEffect(() => {
    const el = viewportRef.current;
    if (!el) return;
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      const perLine = event.deltaMode === 1 ? 1 : event.deltaMode === 2 ? visibleRows : 1 / ROW_HEIGHT;
      const delta = event.deltaY * perLine + wheelRest.current;
      const whole = Math.trunc(delta);
      wheelRest.current = delta - whole;
      if (whole) setTopRowRaw((top) => Math.max(0, Math.min(top + whole, maxTop)));
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [visibleRows, maxTop]);

  // ------------------------------------------------------------ mouse selection
  const dragging = useRef(false);
  const offsetFromEvent = (event: { target: EventTarget | null }): number | null => {
    const el = (event.target as HTMLElement | null)?.closest?.('[data-off]') as HTMLElement | null;
    if (!el) return null;
    return Number(el.dataset.off);
  };
  const onMouseDown = (event: React.MouseEvent) => {
    if (event.button !== 0) return;
    const offset = offsetFromEvent(event);
    if (offset === null) return;
    event.preventDefault();
    rootRef.current?.focus();
    setMenu(null);
    if (!event.shiftKey) anchor.current = offset;
    setCursorRaw(offset);
    props.onCursorChange?.(offset);
    setSelection({ start: Math.min(anchor.current, offset), end: Math.max(anchor.current, offset) + 1 });
    dragging.current = true;
  };
  const onMouseMove = (event: React.MouseEvent) => {
    if (!dragging.current) return;
    const offset = offsetFromEvent(event);
    if (offset === null) return;
    setCursorRaw(offset);
    setSelection({ start: Math.min(anchor.current, offset), end: Math.max(anchor.current, offset) + 1 });
  };
  useEffect(() => {
    const stop = () => {
      dragging.current = false;
    };
    window.addEventListener('mouseup', stop);
    return () => window.removeEventListener('mouseup', stop);
  }, []);
  // Dragging past the top or bottom edge keeps scrolling.
  const onViewportMouseLeave = (event: React.MouseEvent) => {
    if (!dragging.current || !viewportRef.current) return;
    const box = viewportRef.current.getBoundingClientRect();
    if (event.clientY < box.top) setTopRowRaw((t) => Math.max(0, t - 1));
    else if (event.clientY > box.bottom) setTopRowRaw((t) => Math.min(maxTop, t + 1));
  };

  // ------------------------------------------------------------ copy
  const copy = useCallback(
    async (format: 'hex' | 'text' | 'c') => {
      setMenu(null);
      const sel = selection ?? (source.size ? { start: cursor, end: cursor + 1 } : null);
      if (!sel) return;
      const length = sel.end - sel.start;
      if (length > COPY_LIMIT) {
        setNotice(`Selection is ${length.toLocaleString('en')} bytes; copy is limited to 4 MiB (use Save…).`);
        return;
      }
      try {
        const values = await readRange(source, sel.start, length);
        const missing = values.filter((v) => v === null).length;
        const bytes = Uint8Array.from(values, (v) => v ?? 0);
        let text: string;
        if (format === 'hex') text = values.map((v) => (v === null ? '??' : hexByte(v))).join(' ');
        else if (format === 'text') text = values.map((v) => (v === null ? '.' : bytesToAscii(Uint8Array.of(v)))).join('');
        else text = (missing ? `/* ${missing} bytes not in dump, written as 0x00 */\n` : '') + bytesToCArray(bytes);
        await navigator.clipboard.writeText(text);
        setNotice(`Copied ${length.toLocaleString('en')} bytes as ${format === 'c' ? 'C array' : format}${missing ? ` (${missing} not in dump)` : ''}.`);
      } catch (error) {
        setNotice(`Copy failed: ${errorText(error)}`);
      }
    },
    [selection, source, cursor],
  );
  useEffect(() => {
    if (!notice) return;
    const t = window.setTimeout(() => setNotice(null), 4000);
    return () => window.clearTimeout(t);
  }, [notice]);

  // ------------------------------------------------------------ go to
  const openGoTo = useCallback(() => {
    setMenu(null);
    if (props.onGoTo) props.onGoTo();
    else setGoToOpen(true);
  }, [props]);
  const closeGoTo = () => {
    setGoToOpen(false);
    rootRef.current?.focus();
  };
  const goToOffset = (offset: number) => {
    closeGoTo();
    setCursorRaw(offset);
    anchor.current = offset;
    if (selection) setSelection(null);
    props.onCursorChange?.(offset);
    revealOffset(offset, true);
  };

  // ------------------------------------------------------------ keyboard
  const onKeyDown = (event: React.KeyboardEvent) => {
    if ((event.target as HTMLElement).closest('input, button, select')) return;
    const mod = event.ctrlKey || event.metaKey;
    const page = visibleRows * BYTES_PER_ROW;
    let next: number | null = null;
    switch (event.key) {
      case 'ArrowLeft':
        next = cursor - 1;
        break;
      case 'ArrowRight':
        next = cursor + 1;
        break;
      case 'ArrowUp':
        next = cursor - BYTES_PER_ROW;
        break;
      case 'ArrowDown':
        next = cursor + BYTES_PER_ROW;
        break;
      case 'PageUp':
        next = cursor - page;
        setTopRow(topRow - visibleRows);
        break;
      case 'PageDown':
        next = cursor + page;
        setTopRow(topRow + visibleRows);
        break;
      case 'Home':
        next = mod ? 0 : cursor - (cursor % BYTES_PER_ROW);
        break;
      case 'End':
        next = mod ? source.size - 1 : cursor - (cursor % BYTES_PER_ROW) + BYTES_PER_ROW - 1;
        break;
      case 'Escape':
        setGoToOpen(false);
        setMenu(null);
        setSelection(null);
        return;
      default:
        if (mod && (event.key === 'g' || event.key === 'G')) {
          event.preventDefault();
          openGoTo();
        } else if (mod && (event.key === 'c' || event.key === 'C')) {
          event.preventDefault();
          void copy(event.shiftKey ? 'text' : 'hex');
        } else if (mod && (event.key === 'a' || event.key === 'A') && source.size <= COPY_LIMIT) {
          event.preventDefault();
          setSelection({ start: 0, end: source.size });
        }
        return;
    }
    event.preventDefault();
    if (next !== null) moveCursor(next, event.shiftKey);
  };

  // ------------------------------------------------------------ render
  const addressDigits = useMemo(
    () => Math.max(8, source.size > 0 ? source.addressOf(source.size - 1).toString(16).length : 8),
    [source],
  );
  const sortedHighlights = useMemo(
    () => (highlights ?? []).filter((h) => h.length > 0).slice().sort((a, b) => a.offset - b.offset),
    [highlights],
  );
  const lastVisible = Math.min(source.size, firstOffset + visibleBytes);
  const marks = useMemo(() => {
    const flags = new Uint8Array(Math.max(0, lastVisible - firstOffset));
    for (const h of sortedHighlights) {
      if (h.offset >= lastVisible) break;
      const from = Math.max(h.offset, firstOffset);
      const to = Math.min(h.offset + h.length, lastVisible);
      if (to > from) flags.fill(h.kind === 'selection' ? 2 : 1, from - firstOffset, to - firstOffset);
    }
    return flags;
  }, [sortedHighlights, firstOffset, lastVisible]);
  const boundariesByRow = useMemo(() => {
    const map = new Map<number, string>();
    const list = source.boundaries;
    if (!list?.length) return map;
    // Binary search the first boundary at or after the first visible byte.
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid].offset < firstOffset) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < list.length && list[i].offset < lastVisible; i++) {
      const row = Math.floor(list[i].offset / BYTES_PER_ROW);
      if (!map.has(row)) map.set(row, list[i].label);
    }
    return map;
  }, [source.boundaries, firstOffset, lastVisible]);

  const rowElements: ReactNode[] = [];
  for (let r = 0; r < visibleRows; r++) {
    const row = topRow + r;
    if (row >= rows) break;
    const rowOffset = row * BYTES_PER_ROW;
    const hexCells: ReactNode[] = [];
    const asciiCells: ReactNode[] = [];
    for (let i = 0; i < BYTES_PER_ROW; i++) {
      const offset = rowOffset + i;
      if (offset >= source.size) {
        hexCells.push(<span key={i} className={`hb pad${i === 7 ? ' gap' : ''}`} />);
        continue;
      }
      const value: ByteValue = cache.byte(offset);
      const mark = marks[offset - firstOffset];
      let cls = i === 7 ? 'hb gap' : 'hb';
      if (value === null) cls += ' absent';
      else if (value === undefined) cls += ' loading';
      else if (value === 'error') cls += ' failed';
      else if (value === 0) cls += ' zero';
      if (mark === 1) cls += ' match';
      else if (mark === 2) cls += ' marked';
      if (selection && offset >= selection.start && offset < selection.end) cls += ' selected';
      if (offset === cursor) cls += ' cursor';
      const hex = typeof value === 'number' ? hexByte(value) : value === null ? '··' : value === 'error' ? '!!' : '  ';
      const ascii =
        typeof value === 'number' ? (value >= 0x20 && value < 0x7f ? String.fromCharCode(value) : '.') : value === null ? '·' : ' ';
      // Search matches are <mark> elements (exposed as such to assistive technology), not only a colour.
      const Cell = mark === 1 ? 'mark' : 'span';
      hexCells.push(
        <Cell key={i} className={cls} data-off={offset} data-match={mark === 1 ? '' : undefined}>
          {hex}
        </Cell>,
      );
      asciiCells.push(
        <Cell key={i} className={cls.replace(' gap', '')} data-off={offset} data-match={mark === 1 ? '' : undefined}>
          {ascii}
        </Cell>,
      );
    }
    const boundary = boundariesByRow.get(row);
    rowElements.push(
      <div key={row} className={`hex-row${boundary !== undefined ? ' boundary' : ''}`} style={{ top: r * ROW_HEIGHT }}>
        <span className="hex-addr">{toHex(source.addressOf(rowOffset), addressDigits)}</span>
        <span className="hex-bytes">{hexCells}</span>
        <span className="hex-ascii">{asciiCells}</span>
        {boundary !== undefined && <span className="hex-boundary-label">{boundary}</span>}
      </div>,
    );
  }

  const inspectOffset = selection ? selection.start : cursor;
  const inspectBytes: ByteValue[] = [];
  for (let i = 0; i < 8 && inspectOffset + i < source.size; i++) inspectBytes.push(cache.byte(inspectOffset + i));
  useEffect(() => {
    if (source.size) cache.ensure(inspectOffset, 8);
  }, [cache, inspectOffset, source.size]);
  const pageError = cache.errorIn(firstOffset, visibleBytes);
  const selectionLength = selection ? selection.end - selection.start : 0;
  const positionText =
    source.size === 0
      ? 'empty'
      : `${source.boundaries ? `0x${toHex(source.addressOf(cursor))}` : `offset 0x${toHex(cursor)}`}${
          selectionLength > 1 ? ` · ${plural(selectionLength, 'byte')} selected` : ''
        } · ${plural(source.size, 'byte')}`;
  // Beside the inspector the rows keep their natural width (plus room for region labels) and the
  // inspector takes the rest, so no empty band opens between the ASCII column and the inspector.
  const rowCh = addressDigits + BYTES_PER_ROW * 2.6 + 1 + BYTES_PER_ROW * 1.05 + (source.boundaries?.length ? 16 : 0);
  // A pane too narrow for both puts the inspector under the rows instead.
  const stacked = showInspector && rootWidth < INSPECTOR_MIN_WIDTH;
  const viewportStyle = showInspector && !stacked ? { flex: `0 1 calc(${rowCh}ch + 68px)` } : undefined;

  return (
    <div
      ref={rootRef}
      className="hex-view"
      role="region"
      aria-label={label}
      tabIndex={0}
      onKeyDown={onKeyDown}
      onContextMenu={(event) => {
        event.preventDefault();
        const box = rootRef.current!.getBoundingClientRect();
        setMenu({ x: event.clientX - box.left, y: event.clientY - box.top });
      }}
    >
      <div className="hex-toolbar" role="toolbar" aria-label={`${label} tools`}>
        <button type="button" onClick={openGoTo} title="Go to address or offset (Ctrl+G)">
          Go to…
        </button>
        <span className="sep" />
        <span className="hex-copy" role="group" aria-label="Copy selection">
          <span className="muted">Copy</span>
          <button type="button" aria-label="Copy hex" onClick={() => void copy('hex')} disabled={!source.size} title="Copy the selection as hex (Ctrl+C)">
            hex
          </button>
          <button type="button" aria-label="Copy text" onClick={() => void copy('text')} disabled={!source.size} title="Copy the selection as text (Ctrl+Shift+C)">
            text
          </button>
          <button type="button" aria-label="Copy C array" onClick={() => void copy('c')} disabled={!source.size} title="Copy the selection as a C array">
            C
          </button>
        </span>
        {props.actions}
        {inspector && (
          <button type="button" aria-pressed={showInspector} onClick={() => setInspectorChoice(!showInspector)} title="Show or hide the data inspector">
            Inspector
          </button>
        )}
        <span className="hex-position" aria-live="polite" title={positionText}>
          {positionText}
        </span>
      </div>
      {goToOpen && <HexGoTo source={source} onGo={goToOffset} onClose={closeGoTo} />}
      <div className={`hex-body${stacked ? ' stacked' : ''}`}>
        <div className="hex-main" style={viewportStyle}>
          <div
            className="hex-viewport"
            ref={viewportRef}
            onMouseDown={onMouseDown}
            onMouseMove={onMouseMove}
            onMouseLeave={onViewportMouseLeave}
          >
            {source.size === 0 ? <div className="hex-empty muted">No bytes (empty).</div> : rowElements}
          </div>
          <HexScrollbar rows={rows} visibleRows={visibleRows} topRow={topRow} height={viewportHeight} onScroll={setTopRow} />
        </div>
        {showInspector && source.size > 0 && (
          <HexInspector
            offset={inspectOffset}
            address={source.addressOf(inspectOffset)}
            bytes={inspectBytes}
            selectionLength={selectionLength}
            describePointer={describePointer}
          />
        )}
      </div>
      {(pageError !== undefined || notice) && (
        <div className={`hex-footer${pageError !== undefined ? ' error' : ''}`} role={pageError !== undefined ? 'alert' : 'status'}>
          {pageError !== undefined ? (
            <>
              Could not read bytes: {errorText(pageError)}{' '}
              <button type="button" className="link" onClick={() => cache.retryFailed()}>
                Retry
              </button>
            </>
          ) : (
            notice
          )}
        </div>
      )}
      {menu && (
        <div className="context-menu" role="menu" style={{ left: menu.x, top: menu.y }} onMouseLeave={() => setMenu(null)}>
          <button type="button" role="menuitem" onClick={() => void copy('hex')}>
            Copy as hex
          </button>
          <button type="button" role="menuitem" onClick={() => void copy('text')}>
            Copy as text
          </button>
          <button type="button" role="menuitem" onClick={() => void copy('c')}>
            Copy as C array
          </button>
          <button type="button" role="menuitem" onClick={openGoTo}>
            Go to…
          </button>
        </div>
      )}
    </div>
  );
}

/** A HexSource over a plain byte array (small payloads, tests). */
export function bytesSource(bytes: Uint8Array, baseAddress = 0n): HexSource {
  return {
    size: bytes.length,
    addressOf: (offset) => baseAddress + BigInt(offset),
    offsetOf: (address) => {
      const offset = address - baseAddress;
      return offset >= 0n && offset < BigInt(bytes.length) ? Number(offset) : null;
    },
    read: async (offset, length) => [{ offset, length: Math.min(length, bytes.length - offset), bytes: bytes.subarray(offset, offset + length) }],
  };
}
