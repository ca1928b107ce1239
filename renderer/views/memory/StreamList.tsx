// A virtualized result list for job output that streams in (search hits, strings). It knows only
// how many rows there are and asks for the ones on screen (`onVisibleRange`); rows not loaded yet
// are drawn as placeholders. A poll that raises `count` costs the handful of visible rows.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';

export interface StreamColumn<T> {
  id: string;
  header: string;
  /** CSS width ("80px", "1fr"). */
  width: string;
  cell(row: T, index: number): ReactNode;
}

export interface StreamListProps<T> {
  label: string;
  /** Rows the job has produced so far. */
  count: number;
  /** The row at an index, undefined while it is being fetched. */
  rowAt(index: number): T | undefined;
  onVisibleRange(first: number, last: number): void;
  columns: StreamColumn<T>[];
  selected: number | null;
  onSelect(index: number): void;
  onActivate(row: T, index: number): void;
  empty: ReactNode;
}

const ROW_HEIGHT = 22;

export function StreamList<T>(props: StreamListProps<T>) {
  const { rowAt, count, columns, selected, onSelect, onActivate, onVisibleRange } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 4,
  });
  const template = columns.map((c) => c.width).join(' ');
  const items = virtualizer.getVirtualItems();
  const first = items.length ? items[0].index : 0;
  const last = items.length ? items[items.length - 1].index + 1 : 0;
  useEffect(() => onVisibleRange(first, last), [first, last, onVisibleRange]);

  const move = (index: number) => {
    if (count === 0) return;
    const next = Math.max(0, Math.min(count - 1, index));
    onSelect(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };
  const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? 200) / ROW_HEIGHT) - 1);
  const onKeyDown = (e: KeyboardEvent) => {
    const at = selected ?? -1;
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(at + 1),
      ArrowUp: () => move(at - 1),
      PageDown: () => move(at + page),
      PageUp: () => move(at - page),
      Home: () => move(0),
      End: () => move(count - 1),
      Enter: () => {
        const row = selected !== null ? rowAt(selected) : undefined;
        if (row !== undefined) onActivate(row, selected!);
      },
    };
    const action = keys[e.key];
    if (action) {
      e.preventDefault();
      action();
    }
  };

  return (
    <div className="stream-list" role="grid" aria-label={props.label} aria-rowcount={count + 1}>
      <div className="stream-head" role="row" aria-rowindex={1} style={{ gridTemplateColumns: template }}>
        {columns.map((c) => (
          <span key={c.id} role="columnheader">
            {c.header}
          </span>
        ))}
      </div>
      <div className="stream-scroll" ref={scroller} tabIndex={0} onKeyDown={onKeyDown}>
        {count === 0 ? (
          <div className="stream-empty">{props.empty}</div>
        ) : (
          <div className="stream-canvas" style={{ height: virtualizer.getTotalSize() }}>
            {items.map((item) => {
              const row = rowAt(item.index);
              return (
                <div
                  key={item.index}
                  role="row"
                  aria-rowindex={item.index + 2}
                  aria-selected={item.index === selected}
                  className={item.index === selected ? 'stream-row selected' : 'stream-row'}
                  style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT, gridTemplateColumns: template }}
                  onClick={() => {
                    onSelect(item.index);
                    if (row !== undefined) onActivate(row, item.index);
                  }}
                >
                  {row === undefined ? (
                    <span role="gridcell" className="stream-pending">
                      …
                    </span>
                  ) : (
                    columns.map((c) => (
                      <span key={c.id} role="gridcell">
                        {c.cell(row, item.index)}
                      </span>
                    ))
                  )}
                </div>
              );
            })}
          </div>
        )}
      </div>
    </div>
  );
}
