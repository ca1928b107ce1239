// A virtualized, append-only result list for job output that streams in (search hits, strings).
// Rows live in an array the owner appends to; a poll only bumps `count`, so the work per poll is
// the handful of newly visible rows, never a rebuild of a row model over every hit.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef, type KeyboardEvent, type ReactNode } from 'react';

export interface StreamColumn<T> {
  id: string;
  header: string;
  /** CSS width ("80px", "1fr"). */
  width: string;
  cell(row: T, index: number): ReactNode;
}

export interface StreamListProps<T> {
  label: string;
  rows: readonly T[];
  /** Rows currently present (rows.length, passed separately so appends re-render). */
  count: number;
  columns: StreamColumn<T>[];
  selected: number | null;
  onSelect(index: number): void;
  onActivate(row: T, index: number): void;
  empty: ReactNode;
}

const ROW_HEIGHT = 22;

export function StreamList<T>(props: StreamListProps<T>) {
  const { rows, count, columns, selected, onSelect, onActivate } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const template = columns.map((c) => c.width).join(' ');

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
      Enter: () => selected !== null && selected < count && onActivate(rows[selected], selected),
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
            {virtualizer.getVirtualItems().map((item) => {
              const row = rows[item.index];
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
                    onActivate(row, item.index);
                  }}
                >
                  {columns.map((c) => (
                    <span key={c.id} role="gridcell">
                      {c.cell(row, item.index)}
                    </span>
                  ))}
                </div>
              );
            })}
          </div>
        )}
      </div>
    </div>
  );
}
