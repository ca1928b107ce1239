// The process tree from pstree parent links. A process whose parent is not in the checkpoint (the
// container's init, or an orphan after a partial dump) is a root. Hostile input cannot hide a
// process: parent cycles are broken (the first process of a cycle becomes a root) and a repeated
// pid gets its own row.
import type { ProcessInfo } from '../../../shared/model';
import type { TreeNode } from '../../components/TreeTable';

export function buildProcessTree(processes: readonly ProcessInfo[]): TreeNode<ProcessInfo>[] {
  const byPid = new Map<number, TreeNode<ProcessInfo>>();
  const all: TreeNode<ProcessInfo>[] = [];
  const parentOf = new Map<TreeNode<ProcessInfo>, TreeNode<ProcessInfo>>();
  processes.forEach((p, i) => {
    const duplicate = byPid.has(p.pid);
    const node: TreeNode<ProcessInfo> = { id: duplicate ? `${p.pid}#${i}` : String(p.pid), data: p, children: [] };
    if (!duplicate) byPid.set(p.pid, node);
    all.push(node);
  });
  for (const node of all) {
    const parent = node.data.ppid !== node.data.pid ? byPid.get(node.data.ppid) : undefined;
    if (parent && parent !== node) parentOf.set(node, parent);
  }
  // Break cycles: follow parent links; a walk that comes back to a node already on it is a cycle.
  for (const start of all) {
    const path = new Set<TreeNode<ProcessInfo>>();
    for (let n: TreeNode<ProcessInfo> | undefined = start; n; n = parentOf.get(n)) {
      if (path.has(n)) {
        parentOf.delete(n);
        break;
      }
      path.add(n);
    }
  }
  const roots: TreeNode<ProcessInfo>[] = [];
  for (const node of all) {
    const parent = parentOf.get(node);
    if (parent) parent.children!.push(node);
    else roots.push(node);
  }
  for (const node of all) if (!node.children!.length) delete node.children;
  return roots;
}
