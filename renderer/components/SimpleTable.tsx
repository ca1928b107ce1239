// A plain (non-virtualized) table for short lists inside detail panes and the overview: networks,
// mounts, labels, sockets of one process. Long lists belong in <Table>.
import type { ReactNode } from 'react';

export interface SimpleColumn<T> {
  header: string;
  cell: (row: T) => ReactNode;
  align?: 'left' | 'right';
  mono?: boolean;
  className?: string;
}

export function SimpleTable<T>({
  rows,
  columns,
  label,
  empty = 'None.',
  rowClassName,
  onRowClick,
  selectedIndex,
}: {
  rows: readonly T[];
  columns: SimpleColumn<T>[];
  label: string;
  empty?: ReactNode;
  rowClassName?: (row: T) => string | undefined;
  onRowClick?: (row: T, index: number) => void;
  selectedIndex?: number;
}) {
  if (rows.length === 0) return <p className="muted simple-empty">{empty}</p>;
  return (
    <div className="simple-table-wrap">
      <table className="simple-table" aria-label={label}>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.header} scope="col" className={c.align === 'right' ? 'num' : undefined}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr
              key={i}
              className={`${rowClassName?.(row) ?? ''}${onRowClick ? ' clickable' : ''}${selectedIndex === i ? ' selected' : ''}`}
              onClick={onRowClick ? () => onRowClick(row, i) : undefined}
              aria-selected={onRowClick ? selectedIndex === i : undefined}
            >
              {columns.map((c) => (
                <td key={c.header} className={`${c.align === 'right' ? 'num' : ''}${c.mono ? ' mono' : ''} ${c.className ?? ''}`}>
                  {c.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A titled block of a detail page. */
export function Section({ title, children, extra, id }: { title: string; children: ReactNode; extra?: ReactNode; id?: string }) {
  return (
    <section className="section" aria-label={title} id={id}>
      <header className="section-head">
        <h3>{title}</h3>
        {extra}
      </header>
      <div className="section-body">{children}</div>
    </section>
  );
}
