// A virtualized, sortable, filterable data table (react-table v8 + react-virtual) with keyboard
// navigation (arrows, PageUp/PageDown, Home/End, Enter) and one selected row. Rows are laid out
// with CSS grid so the header and the body always line up.
import {
  getCoreRowModel,
  getSortedRowModel,
  useReactTable,
  type ColumnDef,
  type Row,
  type SortingState,
} from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { SafeText } from './SafeText';

export type CellValue = string | number | bigint | boolean | null | undefined;

export interface TableColumn<T> {
  id: string;
  header: string;
  /** The value used for sorting, default filtering and (unless `cell` is given) display. */
  value: (row: T) => CellValue;
  /** Custom cell content; untrusted strings must go through SafeText. */
  cell?: (row: T) => ReactNode;
  /** CSS grid track: a width in px, or any track like "minmax(160px, 1fr)". Default "minmax(80px, 1fr)". */
  width?: number | string;
  align?: 'left' | 'right' | 'center';
  /** Monospace cell text (addresses, hashes, modes). */
  mono?: boolean;
  /** Default true. */
  sortable?: boolean;
  /** Tooltip for the header. */
  title?: string;
}

export interface TableSort {
  id: string;
  desc: boolean;
}

export interface TableProps<T> {
  data: readonly T[];
  columns: TableColumn<T>[];
  /** aria-label of the grid (e.g. "Archive files", "Search results"). */
  label: string;
  /** Stable row id; default the row index. */
  rowId?: (row: T, index: number) => string;
  selectedId?: string | null;
  /** Called when the selected row changes (click, keyboard). */
  onSelect?: (row: T, id: string) => void;
  /** Enter or double-click. */
  onActivate?: (row: T, id: string) => void;
  /** Text filter; rows are kept when `filterFn` (default: any column value contains it, case-insensitive) says so. */
  filter?: string;
  filterFn?: (row: T, filter: string) => boolean;
  /** Initial sort (uncontrolled). */
  initialSort?: TableSort | null;
  /** Controlled sort: give both `sort` and `onSortChange`. With `manualSort` the table does not reorder rows. */
  sort?: TableSort | null;
  onSortChange?: (sort: TableSort | null) => void;
  manualSort?: boolean;
  rowClassName?: (row: T) => string | undefined;
  /** Shown when there are no rows (after filtering). */
  empty?: ReactNode;
  rowHeight?: number;
  /** Scroll this row into view when it changes. */
  scrollToId?: string | null;
  /** Extra keys for a focused row (tree expand/collapse); return true when handled. */
  onRowKey?: (row: T, id: string, event: KeyboardEvent) => boolean;
  /** Context menu on a row. */
  onRowContextMenu?: (row: T, id: string, event: React.MouseEvent) => void;
  className?: string;
}

const DEFAULT_ROW_HEIGHT = 24;

function defaultFilter<T>(columns: TableColumn<T>[]) {
  return (row: T, filter: string) => {
    const needle = filter.toLowerCase();
    return columns.some((c) => {
      const v = c.value(row);
      return v !== null && v !== undefined && String(v).toLowerCase().includes(needle);
    });
  };
}

// One collator: String.localeCompare with options builds one per call, which is slow on big tables.
const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** Natural order ("core-7" before "core-38"); empty values last. */
export function compareValues(a: CellValue, b: CellValue): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return 1;
  if (b === null || b === undefined) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : 1;
  return collator.compare(String(a), String(b));
}

export function Table<T>(props: TableProps<T>) {
  const { data, columns, label, filter, rowHeight = DEFAULT_ROW_HEIGHT, selectedId } = props;
  const filtered = useMemo(() => {
    if (!filter) return data as T[];
    const keep = props.filterFn ?? defaultFilter(columns);
    return data.filter((row) => keep(row, filter));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [data, filter, props.filterFn, columns]);

  const [ownSorting, setOwnSorting] = useState<SortingState>(props.initialSort ? [props.initialSort] : []);
  const controlled = props.sort !== undefined;
  const sorting: SortingState = controlled ? (props.sort ? [props.sort] : []) : ownSorting;

  const columnDefs = useMemo<ColumnDef<T>[]>(
    () =>
      columns.map((c) => ({
        id: c.id,
        header: c.header,
        accessorFn: (row: T) => c.value(row),
        enableSorting: c.sortable !== false,
        sortingFn: (a: Row<T>, b: Row<T>, id: string) => compareValues(a.getValue<CellValue>(id), b.getValue<CellValue>(id)),
        sortUndefined: 'last' as const,
      })),
    [columns],
  );

  const rowIdFn = props.rowId;
  const table = useReactTable<T>({
    data: filtered,
    columns: columnDefs,
    state: { sorting },
    onSortingChange: (updater) => {
      const next = typeof updater === 'function' ? updater(sorting) : updater;
      const first = next[0] ? { id: next[0].id, desc: next[0].desc } : null;
      if (controlled) props.onSortChange?.(first);
      else setOwnSorting(first ? [first] : []);
    },
    manualSorting: props.manualSort,
    enableMultiSort: false,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getRowId: rowIdFn ? (row, index) => rowIdFn(row, index) : undefined,
  });
  const rows = table.getRowModel().rows;

  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 12,
  });

  // Column widths the user dragged (px), by column id; other columns keep their declared track.
  const [widths, setWidths] = useState<Record<string, number>>({});
  const template = columns
    .map((c) => (widths[c.id] !== undefined ? `${widths[c.id]}px` : typeof c.width === 'number' ? `${c.width}px` : (c.width ?? 'minmax(80px, 1fr)')))
    .join(' ');
  const startResize = (event: React.PointerEvent, id: string) => {
    event.preventDefault();
    event.stopPropagation();
    const cell = (event.currentTarget as HTMLElement).parentElement!;
    const startX = event.clientX;
    const startWidth = cell.getBoundingClientRect().width;
    const handle = event.currentTarget as HTMLElement;
    handle.setPointerCapture(event.pointerId);
    const move = (e: PointerEvent) => setWidths((w) => ({ ...w, [id]: Math.max(40, Math.round(startWidth + e.clientX - startX)) }));
    const up = () => {
      handle.removeEventListener('pointermove', move);
      handle.removeEventListener('pointerup', up);
    };
    handle.addEventListener('pointermove', move);
    handle.addEventListener('pointerup', up);
  };

  const indexById = useMemo(() => {
    const map = new Map<string, number>();
    rows.forEach((r, i) => map.set(r.id, i));
    return map;
  }, [rows]);
  const selectedIndex = selectedId != null ? (indexById.get(selectedId) ?? -1) : -1;

  useEffect(() => {
    if (props.scrollToId == null) return;
    const index = indexById.get(props.scrollToId);
    if (index !== undefined) virtualizer.scrollToIndex(index, { align: 'auto' });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.scrollToId, indexById]);

  const select = useCallback(
    (index: number) => {
      const clamped = Math.max(0, Math.min(index, rows.length - 1));
      const row = rows[clamped];
      if (!row) return;
      props.onSelect?.(row.original, row.id);
      virtualizer.scrollToIndex(clamped, { align: 'auto' });
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [rows, props.onSelect],
  );

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (rows.length === 0) return;
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 400) / rowHeight) - 1);
    const current = selectedIndex;
    const selectedRow = current >= 0 ? rows[current] : undefined;
    if (selectedRow && props.onRowKey?.(selectedRow.original, selectedRow.id, event)) {
      event.preventDefault();
      return;
    }
    let next: number | null = null;
    switch (event.key) {
      case 'ArrowDown':
        next = current + 1;
        break;
      case 'ArrowUp':
        next = current < 0 ? 0 : current - 1;
        break;
      case 'PageDown':
        next = current + page;
        break;
      case 'PageUp':
        next = current - page;
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = rows.length - 1;
        break;
      case 'Enter':
        if (selectedRow) props.onActivate?.(selectedRow.original, selectedRow.id);
        event.preventDefault();
        return;
      default:
        return;
    }
    event.preventDefault();
    select(next);
  };

  const headerGroup = table.getHeaderGroups()[0];
  const activeDescendant = selectedIndex >= 0 ? `${label.replace(/\W+/g, '-')}-row-${selectedIndex}` : undefined;

  return (
    <div className={`table ${props.className ?? ''}`}>
      <div
        className="table-scroll"
        ref={scrollRef}
        role="grid"
        aria-label={label}
        aria-rowcount={rows.length + 1}
        aria-colcount={columns.length}
        aria-activedescendant={activeDescendant}
        tabIndex={0}
        onKeyDown={onKeyDown}
      >
        <div className="table-head" role="row" aria-rowindex={1} style={{ gridTemplateColumns: template }}>
          {headerGroup.headers.map((header, i) => {
            const column = columns[i];
            const sorted = header.column.getIsSorted();
            const canSort = header.column.getCanSort();
            return (
              <div
                key={header.id}
                role="columnheader"
                aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : canSort ? 'none' : undefined}
                className={`table-th align-${column.align ?? 'left'}`}
                title={column.title}
              >
                {canSort ? (
                  <button type="button" tabIndex={-1} className="th-sort" onClick={header.column.getToggleSortingHandler()}>
                    <span className="th-label">{column.header}</span>
                    <span className="sort-mark" aria-hidden="true">
                      {sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : ''}
                    </span>
                  </button>
                ) : (
                  <span className="th-label">{column.header}</span>
                )}
                <span
                  className="th-resize"
                  aria-hidden="true"
                  title="Drag to resize; double-click to reset"
                  onPointerDown={(event) => startResize(event, column.id)}
                  onDoubleClick={() => setWidths(({ [column.id]: _, ...rest }) => rest)}
                />
              </div>
            );
          })}
        </div>
        {rows.length === 0 ? (
          <div className="table-empty muted">{props.empty ?? (filter ? 'No rows match the filter.' : 'Nothing to show.')}</div>
        ) : (
          <div className="table-body" style={{ height: virtualizer.getTotalSize() }}>
            {virtualizer.getVirtualItems().map((item) => {
              const row = rows[item.index];
              const selected = item.index === selectedIndex;
              const extra = props.rowClassName?.(row.original);
              return (
                <div
                  key={row.id}
                  id={`${label.replace(/\W+/g, '-')}-row-${item.index}`}
                  role="row"
                  aria-rowindex={item.index + 2}
                  aria-selected={selected}
                  className={`table-row${selected ? ' selected' : ''}${item.index % 2 ? ' odd' : ''}${extra ? ` ${extra}` : ''}`}
                  style={{ transform: `translateY(${item.start}px)`, height: rowHeight, gridTemplateColumns: template }}
                  onMouseDown={() => {
                    props.onSelect?.(row.original, row.id);
                  }}
                  onDoubleClick={() => props.onActivate?.(row.original, row.id)}
                  onMouseOver={titleTruncatedCell}
                  onContextMenu={props.onRowContextMenu ? (event) => props.onRowContextMenu!(row.original, row.id, event) : undefined}
                >
                  {columns.map((column) => (
                    <div key={column.id} role="gridcell" className={`table-td align-${column.align ?? 'left'}${column.mono ? ' mono' : ''}`}>
                      {column.cell ? column.cell(row.original) : <PlainCell value={column.value(row.original)} />}
                    </div>
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

/** Every cell whose text is cut (ellipsis) gets its whole text as a tooltip, checked on hover. */
function titleTruncatedCell(event: React.MouseEvent) {
  const cell = (event.target as HTMLElement).closest?.('.table-td') as HTMLElement | null;
  if (!cell) return;
  if (cell.querySelector('[title]') && !cell.hasAttribute('data-auto-title')) return;
  let cut = cell.scrollWidth > cell.clientWidth;
  for (const el of cell.querySelectorAll<HTMLElement>('.tree-label')) cut ||= el.scrollWidth > el.clientWidth;
  if (cut) {
    cell.title = cell.textContent ?? '';
    cell.setAttribute('data-auto-title', '');
  } else if (cell.hasAttribute('data-auto-title')) {
    cell.removeAttribute('title');
    cell.removeAttribute('data-auto-title');
  }
}

function PlainCell({ value }: { value: CellValue }) {
  if (value === null || value === undefined || value === '') return <span className="faint placeholder">—</span>;
  if (typeof value === 'string') return <SafeText text={value} limit={300} title />;
  return <>{String(value)}</>;
}
