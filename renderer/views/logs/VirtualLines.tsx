// A windowed list for millions of fixed-height rows. It keeps its own scroll position (the index of
// the first visible row) instead of relying on the DOM scroll height, which browsers cap at ~33M px
// (a 10M-line log at 20 px a row would need 200M px). Wheel, keys and a drag-able scrollbar move it;
// only the rows on screen are rendered.
import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type KeyboardEvent,
  type PointerEvent as ReactPointerEvent,
  type ReactNode,
} from 'react';

export interface VirtualLinesProps {
  count: number;
  rowHeight: number;
  /** Accessible name of the list. */
  label: string;
  /** Column header row, drawn above the rows and not scrolled. */
  header?: ReactNode;
  selected: number | null;
  onSelect(row: number): void;
  /** Enter / double click on a row. */
  onActivate?(row: number): void;
  renderRow(row: number): ReactNode;
  /** Rows [first, last) are on screen; the owner fetches what is missing. */
  onVisibleRange(first: number, last: number): void;
  /** Bring this row into view whenever `seq` changes (jump to time, search). */
  scrollTarget?: { row: number; seq: number } | null;
  empty?: ReactNode;
}

const MIN_THUMB = 24;

export function VirtualLines(props: VirtualLinesProps) {
  const { count, rowHeight, selected, onSelect, onVisibleRange } = props;
  const viewport = useRef<HTMLDivElement>(null);
  const [height, setHeight] = useState(400);
  const [top, setTop] = useState(0);
  const wheelRemainder = useRef(0);

  const visible = Math.max(1, Math.floor(height / rowHeight));
  const maxTop = Math.max(0, count - visible);
  const clampTop = useCallback((t: number) => Math.min(Math.max(0, Math.round(t)), maxTop), [maxTop]);
  const first = Math.min(top, maxTop);

  useLayoutEffect(() => {
    const el = viewport.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setHeight(el.clientHeight));
    observer.observe(el);
    setHeight(el.clientHeight);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    if (top > maxTop) setTop(maxTop);
  }, [top, maxTop]);

  const last = Math.min(count, first + visible + 1);
  useEffect(() => {
    onVisibleRange(first, last);
  }, [first, last, onVisibleRange]);

  const reveal = useCallback(
    (row: number, center = false) => {
      setTop((t) => {
        if (center) return clampTop(row - Math.floor(visible / 3));
        if (row < t) return clampTop(row);
        if (row >= t + visible) return clampTop(row - visible + 1);
        return t;
      });
    },
    [clampTop, visible],
  );

  const target = props.scrollTarget;
  useEffect(() => {
    if (target) reveal(target.row, true);
    // Only a new request (seq) moves the view, not a re-render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [target?.seq]);

  // React's onWheel is passive; a native listener can preventDefault so the page does not scroll.
  useEffect(() => {
    const el = viewport.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const px = e.deltaMode === 1 ? e.deltaY * rowHeight : e.deltaMode === 2 ? e.deltaY * height : e.deltaY;
      wheelRemainder.current += px;
      const rows = Math.trunc(wheelRemainder.current / rowHeight);
      if (rows !== 0) {
        wheelRemainder.current -= rows * rowHeight;
        setTop((t) => clampTop(t + rows));
      }
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [clampTop, rowHeight, height]);

  const move = (row: number) => {
    if (count === 0) return;
    const r = Math.min(Math.max(0, row), count - 1);
    onSelect(r);
    reveal(r);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const current = selected ?? first;
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(selected === null ? first : current + 1),
      ArrowUp: () => move(current - 1),
      PageDown: () => move(current + visible - 1),
      PageUp: () => move(current - visible + 1),
      Home: () => move(0),
      End: () => move(count - 1),
      Enter: () => selected !== null && props.onActivate?.(selected),
    };
    const action = keys[e.key];
    if (action) {
      e.preventDefault();
      action();
    }
  };

  const rows: ReactNode[] = [];
  for (let row = first; row < last; row++) {
    rows.push(
      <div
        key={row}
        role="row"
        aria-rowindex={row + 1}
        aria-selected={row === selected}
        className={row === selected ? 'vl-row vl-selected' : 'vl-row'}
        style={{ top: (row - first) * rowHeight, height: rowHeight }}
        onMouseDown={() => onSelect(row)}
        onDoubleClick={() => props.onActivate?.(row)}
      >
        {props.renderRow(row)}
      </div>,
    );
  }

  return (
    <div className="vl" role="table" aria-label={props.label} aria-rowcount={count}>
      {props.header}
      <div className="vl-body">
        <div ref={viewport} className="vl-viewport" tabIndex={0} onKeyDown={onKeyDown} role="rowgroup">
          {count === 0 ? <div className="vl-empty">{props.empty}</div> : rows}
        </div>
        <Scrollbar count={count} visible={visible} top={first} onTop={(t) => setTop(clampTop(t))} />
      </div>
    </div>
  );
}

function Scrollbar(props: { count: number; visible: number; top: number; onTop(top: number): void }) {
  const track = useRef<HTMLDivElement>(null);
  const [trackHeight, setTrackHeight] = useState(0);
  useLayoutEffect(() => {
    const el = track.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setTrackHeight(el.clientHeight));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  const { count, visible, top, onTop } = props;
  if (count <= visible) return <div ref={track} className="vl-scrollbar vl-scrollbar-idle" aria-hidden="true" />;
  const thumb = Math.max(MIN_THUMB, (trackHeight * visible) / count);
  const span = Math.max(1, trackHeight - thumb);
  const maxTop = count - visible;
  const thumbTop = (top / maxTop) * span;

  const startDrag = (e: ReactPointerEvent) => {
    e.preventDefault();
    e.stopPropagation();
    const startY = e.clientY;
    const startTop = top;
    const target = e.currentTarget as HTMLElement;
    target.setPointerCapture(e.pointerId);
    const onMoveEvent = (ev: PointerEvent) => onTop(startTop + ((ev.clientY - startY) / span) * maxTop);
    const onUp = () => {
      target.removeEventListener('pointermove', onMoveEvent);
      target.removeEventListener('pointerup', onUp);
    };
    target.addEventListener('pointermove', onMoveEvent);
    target.addEventListener('pointerup', onUp);
  };

  const pageTo = (e: ReactPointerEvent) => {
    const rect = track.current!.getBoundingClientRect();
    const y = e.clientY - rect.top;
    onTop(y < thumbTop ? top - visible : top + visible);
  };

  return (
    <div ref={track} className="vl-scrollbar" onPointerDown={pageTo} aria-hidden="true">
      <div className="vl-thumb" style={{ top: thumbTop, height: thumb }} onPointerDown={startDrag} />
    </div>
  );
}
