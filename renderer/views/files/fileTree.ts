// Builds the folder tree of an archive's entries. Folders that have no entry of their own are made
// up from the paths; a nested archive ("rootfs-diff.tar") is a node whose children are its members.
import type { Entry } from '../../../shared/model';
import type { TreeNode } from '../../components/TreeTable';

export interface FileRow {
  name: string;
  path: string;
  /** Absent for folders known only from their members' paths. */
  entry?: Entry;
  isFolder: boolean;
  /** Number of entries below (folders and nested archives). */
  descendants: number;
  /** Sum of entry sizes below. */
  totalSize: number;
}

export function buildFileTree(entries: readonly Entry[]): TreeNode<FileRow>[] {
  const roots: TreeNode<FileRow>[] = [];
  const byPath = new Map<string, TreeNode<FileRow>>();

  const ensure = (path: string): TreeNode<FileRow> => {
    const found = byPath.get(path);
    if (found) return found;
    const slash = path.lastIndexOf('/');
    const name = slash >= 0 ? path.slice(slash + 1) : path;
    const node: TreeNode<FileRow> = { id: path, data: { name, path, isFolder: true, descendants: 0, totalSize: 0 }, children: [] };
    byPath.set(path, node);
    if (slash >= 0) ensure(path.slice(0, slash)).children!.push(node);
    else roots.push(node);
    return node;
  };

  for (const entry of entries) {
    const path = entry.path.replace(/\/+$/, '') || entry.path;
    const node = ensure(path);
    const isFolder = entry.type === 'dir' || !!entry.isNestedArchive;
    node.data = { ...node.data, entry, isFolder: isFolder || (node.children?.length ?? 0) > 0 };
  }

  // Counts and sizes bottom-up; leaves lose their empty children arrays.
  const finish = (node: TreeNode<FileRow>): { count: number; size: number } => {
    let count = 0;
    let size = 0;
    for (const child of node.children ?? []) {
      const sub = finish(child);
      count += 1 + sub.count;
      size += (child.data.entry?.type === 'file' ? child.data.entry.size : 0) + sub.size;
    }
    if (!node.children?.length) delete node.children;
    else node.data.isFolder = true;
    node.data.descendants = count;
    node.data.totalSize = size;
    return { count, size };
  };
  roots.forEach(finish);
  return roots;
}

export function typeLabel(row: FileRow): string {
  const e = row.entry;
  if (!e) return 'folder';
  if (e.isNestedArchive) return 'archive';
  switch (e.type) {
    case 'file':
      return 'file';
    case 'dir':
      return 'folder';
    case 'symlink':
      return 'symlink';
    case 'hardlink':
      return 'hard link';
    case 'chardev':
      return 'char device';
    case 'blockdev':
      return 'block device';
    case 'fifo':
      return 'fifo';
    default:
      return 'other';
  }
}
