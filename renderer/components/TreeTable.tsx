// A tree shown as a virtualized table: the first column is indented with expand/collapse toggles,
// siblings are sorted by the chosen column, and a filter keeps matches plus their ancestors.
// Keyboard: arrows move, Right expands (or goes to the first child), Left collapses (or goes up).
import { useCallback, useEffect, useMemo, useState, type KeyboardEvent, type ReactNode } from 'react';
import { compareValues, Table, type TableColumn, type TableSort } from './Table';

export interface TreeNode<T> {
  id: string;
  data: T;
  children?: TreeNode<T>[];
}

export interface TreeTableProps<T> {
  roots: TreeNode<T>[];
  /** The first column carries the tree (indentation and toggles). */
  columns: TableColumn<T>[];
  label: string;
  selectedId?: string | null;
  onSelect?: (data: T, id: string) => void;
  onActivate?: (data: T, id: string) => void;
  filter?: string;
  /** Whether a node matches the filter (default: any column value contains it). */
  filterFn?: (data: T, filter: string) => boolean;
  initialSort?: TableSort | null;
  /** Nodes above this depth start expanded (default 1: the roots are open). */
  defaultExpandDepth?: number;
  rowClassName?: (data: T) => string | undefined;
  empty?: ReactNode;
  rowHeight?: number;
  className?: string;
}

interface FlatRow<T> {
  node: TreeNode<T>;
  depth: number;
  parentId: string | null;
  hasChildren: boolean;
  expanded: boolean;
}

function initialExpansion<T>(roots: TreeNode<T>[], depth: number): Set<string> {
  const open = new Set<string>();
  const walk = (nodes: TreeNode<T>[], d: number) => {
    if (d >= depth) return;
    for (const n of nodes) {
      if (n.children?.length) {
        open.add(n.id);
        walk(n.children, d + 1);
      }
    }
  };
  walk(roots, 0);
  return open;
}

export function TreeTable<T>(props: TreeTableProps<T>) {
  const { roots, columns, filter, defaultExpandDepth = 1 } = props;
  const [expanded, setExpanded] = useState<Set<string>>(() => initialExpansion(roots, defaultExpandDepth));
  const [sort, setSort] = useState<TableSort | null>(props.initialSort ?? null);
  useEffect(() => setExpanded(initialExpansion(roots, defaultExpandDepth)), [roots, defaultExpandDepth]);

  const parents = useMemo(() => {
    const map = new Map<string, string | null>();
    const walk = (nodes: TreeNode<T>[], parent: string | null) => {
      for (const n of nodes) {
        map.set(n.id, parent);
        if (n.children) walk(n.children, n.id);
      }
    };
    walk(roots, null);
    return map;
  }, [roots]);

  // A selection made from outside (navigation) opens its ancestors.
  useEffect(() => {
    if (!props.selectedId) return;
    const missing: string[] = [];
    for (let p = parents.get(props.selectedId) ?? null; p; p = parents.get(p) ?? null) if (!expanded.has(p)) missing.push(p);
    if (missing.length) setExpanded((prev) => new Set([...prev, ...missing]));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.selectedId, parents]);

  const matches = useMemo(() => {
    if (!filter) return null;
    const needle = filter.toLowerCase();
    const test =
      props.filterFn ??
      ((data: T) =>
        columns.some((c) => {
          const v = c.value(data);
          return v !== null && v !== undefined && String(v).toLowerCase().includes(needle);
        }));
    // Keep a node when it or any descendant matches.
    const keep = new Set<string>();
    const walk = (node: TreeNode<T>): boolean => {
      let any = test(node.data, filter);
      for (const child of node.children ?? []) if (walk(child)) any = true;
      if (any) keep.add(node.id);
      return any;
    };
    roots.forEach(walk);
    return keep;
  }, [filter, roots, columns, props.filterFn]);

  const flat = useMemo(() => {
    const out: FlatRow<T>[] = [];
    const column = sort ? columns.find((c) => c.id === sort.id) : undefined;
    const order = (nodes: TreeNode<T>[]) => {
      if (!column || !sort) return nodes;
      const sorted = nodes.slice().sort((a, b) => compareValues(column.value(a.data), column.value(b.data)));
      return sort.desc ? sorted.reverse() : sorted;
    };
    const walk = (nodes: TreeNode<T>[], depth: number, parentId: string | null) => {
      for (const node of order(nodes)) {
        if (matches && !matches.has(node.id)) continue;
        const hasChildren = !!node.children?.length;
        const open = hasChildren && (matches ? true : expanded.has(node.id));
        out.push({ node, depth, parentId, hasChildren, expanded: open });
        if (open) walk(node.children!, depth + 1, node.id);
      }
    };
    walk(roots, 0, null);
    return out;
  }, [roots, expanded, sort, columns, matches]);

  const toggle = useCallback((id: string) => {
    setExpanded((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }, []);

  const treeColumns = useMemo<TableColumn<FlatRow<T>>[]>(
    () =>
      columns.map((c, i) => ({
        id: c.id,
        header: c.header,
        width: c.width,
        align: c.align,
        mono: c.mono,
        sortable: c.sortable,
        title: c.title,
        value: (r: FlatRow<T>) => c.value(r.node.data),
        cell:
          i === 0
            ? (r: FlatRow<T>) => (
                <span className="tree-cell" style={{ paddingLeft: r.depth * 16 }}>
                  {r.hasChildren ? (
                    <button
                      type="button"
                      tabIndex={-1}
                      className="tree-toggle"
                      aria-label={r.expanded ? 'Collapse' : 'Expand'}
                      aria-expanded={r.expanded}
                      onMouseDown={(event) => event.stopPropagation()}
                      onClick={() => toggle(r.node.id)}
                    >
                      {r.expanded ? '▾' : '▸'}
                    </button>
                  ) : (
                    <span className="tree-toggle-space" />
                  )}
                  <span className="tree-label">{c.cell ? c.cell(r.node.data) : String(c.value(r.node.data) ?? '')}</span>
                </span>
              )
            : c.cell
              ? (r: FlatRow<T>) => c.cell!(r.node.data)
              : undefined,
      })),
    [columns, toggle],
  );

  const onRowKey = (r: FlatRow<T>, _id: string, event: KeyboardEvent) => {
    if (event.key === 'ArrowRight') {
      if (r.hasChildren && !r.expanded) toggle(r.node.id);
      else if (r.expanded) {
        const child = flat[flat.indexOf(r) + 1];
        if (child) props.onSelect?.(child.node.data, child.node.id);
      }
      return true;
    }
    if (event.key === 'ArrowLeft') {
      if (r.expanded) toggle(r.node.id);
      else if (r.parentId) {
        const parent = flat.find((f) => f.node.id === r.parentId);
        if (parent) props.onSelect?.(parent.node.data, parent.node.id);
      }
      return true;
    }
    if (event.key === ' ' && r.hasChildren) {
      toggle(r.node.id);
      return true;
    }
    return false;
  };

  return (
    <Table<FlatRow<T>>
      data={flat}
      columns={treeColumns}
      label={props.label}
      rowId={(r) => r.node.id}
      selectedId={props.selectedId}
      onSelect={(r) => props.onSelect?.(r.node.data, r.node.id)}
      onActivate={(r) => (r.hasChildren ? toggle(r.node.id) : props.onActivate?.(r.node.data, r.node.id))}
      sort={sort}
      onSortChange={setSort}
      manualSort
      onRowKey={onRowKey}
      scrollToId={props.selectedId}
      rowClassName={props.rowClassName ? (r) => props.rowClassName!(r.node.data) : undefined}
      empty={props.empty}
      rowHeight={props.rowHeight}
      className={`tree-table ${props.className ?? ''}`}
    />
  );
}
