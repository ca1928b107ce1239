// One tree of the container's file-system changes: entries from rootfs-diff.tar ("changed": the
// diff cannot tell added from modified), paths from deleted.files ("deleted") and ghost files
// (deleted while a process held them open; their contents are in ghost-file images).
import type { GhostFile, RootfsChange, RootfsDiff } from '../../../shared/model';

export interface DiffNode {
  name: string;
  /** Normalised path without a leading "/": "home/counter/logfile". */
  path: string;
  depth: number;
  change?: RootfsChange;
  ghosts: GhostFile[];
  children: DiffNode[];
  /** Changed / deleted / ghost entries at or below this node. */
  counts: { changed: number; deleted: number; ghost: number };
}

export const normalisePath = (path: string): string => path.replace(/^(\.\/|\/)+/, '').replace(/\/+$/, '');

function makeNode(name: string, path: string, depth: number): DiffNode {
  return { name, path, depth, ghosts: [], children: [], counts: { changed: 0, deleted: 0, ghost: 0 } };
}

export function buildDiffTree(diff: RootfsDiff): DiffNode {
  const root = makeNode('/', '', -1);
  const byPath = new Map<string, DiffNode>([['', root]]);
  const nodeFor = (rawPath: string): DiffNode => {
    const path = normalisePath(rawPath);
    const existing = byPath.get(path);
    if (existing) return existing;
    const slash = path.lastIndexOf('/');
    const parent = nodeFor(slash < 0 ? '' : path.slice(0, slash));
    const node = makeNode(path.slice(slash + 1), path, parent.depth + 1);
    parent.children.push(node);
    byPath.set(path, node);
    return node;
  };
  for (const change of diff.changes) {
    if (!normalisePath(change.path)) continue;
    nodeFor(change.path).change = change;
  }
  for (const ghost of diff.ghostFiles) nodeFor(ghost.path).ghosts.push(ghost);
  count(root);
  sortTree(root);
  return root;
}

function count(node: DiffNode): DiffNode['counts'] {
  const c = { changed: 0, deleted: 0, ghost: node.ghosts.length };
  if (node.change?.status === 'changed') c.changed++;
  if (node.change?.status === 'deleted') c.deleted++;
  for (const child of node.children) {
    const sub = count(child);
    c.changed += sub.changed;
    c.deleted += sub.deleted;
    c.ghost += sub.ghost;
  }
  node.counts = c;
  return c;
}

export function isFolder(node: DiffNode): boolean {
  return node.children.length > 0 || node.change?.type === 'dir';
}

function sortTree(node: DiffNode) {
  node.children.sort((a, b) => Number(isFolder(b)) - Number(isFolder(a)) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const child of node.children) sortTree(child);
}

export type DiffStatusFilter = 'all' | 'changed' | 'deleted' | 'ghost' | 'open';

/** Whether a node itself (not its descendants) matches the status filter and path text. */
export function matchesFilter(node: DiffNode, status: DiffStatusFilter, text: string): boolean {
  const open = (node.change?.openBy.length ?? 0) > 0 || node.ghosts.length > 0;
  const statusOk =
    status === 'all' ||
    (status === 'ghost' ? node.ghosts.length > 0 : status === 'open' ? open : node.change?.status === status);
  return statusOk && (!text || node.path.toLowerCase().includes(text.toLowerCase()));
}

/** A deleted path has no contents to write unless a process kept it open (a ghost). */
export function canExport(node: DiffNode): boolean {
  return node.change?.status !== 'deleted' || node.ghosts.length > 0 || node.children.length > 0;
}
