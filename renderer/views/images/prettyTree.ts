// Turns crit-style pretty entries into tree nodes; every node remembers which entry it belongs to so
// a click can highlight that entry's bytes in the hex view.
import type { PrettyValue } from '../../../shared/model';
import type { TreeNode } from '../../components/TreeTable';

export interface PrettyRow {
  key: string;
  value: PrettyValue;
  entryIndex: number;
  /** Text of a scalar value, or a "{3}" / "[12]" summary of a container. */
  display: string;
  isContainer: boolean;
}

const MAX_CHILDREN = 20_000;

function describe(value: PrettyValue): { display: string; isContainer: boolean } {
  if (Array.isArray(value)) return { display: `[${value.length}]`, isContainer: true };
  if (value !== null && typeof value === 'object') return { display: `{${Object.keys(value).length}}`, isContainer: true };
  if (typeof value === 'string') return { display: value, isContainer: false };
  return { display: String(value), isContainer: false };
}

function node(key: string, value: PrettyValue, entryIndex: number, id: string): TreeNode<PrettyRow> {
  const { display, isContainer } = describe(value);
  const result: TreeNode<PrettyRow> = { id, data: { key, value, entryIndex, display, isContainer } };
  if (isContainer) {
    const children: Array<[string, PrettyValue]> = Array.isArray(value)
      ? value.slice(0, MAX_CHILDREN).map((v, i) => [String(i), v])
      : Object.entries(value as Record<string, PrettyValue>).slice(0, MAX_CHILDREN);
    result.children = children.map(([k, v]) => node(k, v, entryIndex, `${id}/${k}`));
  }
  return result;
}

/** One root per entry, labelled "entry N" (with a hint of what is inside). */
export function buildPrettyTree(entries: PrettyValue[]): TreeNode<PrettyRow>[] {
  return entries.slice(0, MAX_CHILDREN).map((entry, i) => {
    const root = node(`entry ${i}`, entry, i, String(i));
    root.data.display = `${root.data.display}${entryHint(entry)}`;
    return root;
  });
}

/** A short hint for an entry: its first scalar fields, "pid: 1, ppid: 0". */
function entryHint(entry: PrettyValue): string {
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) return '';
  const parts: string[] = [];
  for (const [k, v] of Object.entries(entry)) {
    if (v === null || typeof v === 'object') continue;
    parts.push(`${k}: ${String(v).slice(0, 40)}`);
    if (parts.length === 3) break;
  }
  return parts.length ? `  ${parts.join(', ')}` : '';
}
