// Rootfs diff view: the container's file-system changes as one tree — entries of rootfs-diff.tar
// ("changed": the diff cannot tell added from modified), paths from deleted.files ("deleted") and
// ghost files — with the processes that hold them open, a preview, and export.
import { useCallback, useMemo, useState } from 'react';
import type { ArchiveSummary, RootfsDiff } from '../../../shared/model';
import { formatCount, formatEpochSeconds, formatMode } from '../../../shared/text';
import { ErrorBox, WarningList } from '../../components/ErrorBox';
import { Empty, Loading } from '../../components/States';
import type { TableColumn } from '../../components/Table';
import { SafeText } from '../../components/SafeText';
import { Splitter } from '../../components/Splitter';
import { TreeTable, type TreeNode } from '../../components/TreeTable';
import { call, useAsync } from '../../lib/api';
import { useNavigate } from '../../lib/navigation';
import { buildDiffTree, canExport, isFolder, matchesFilter, type DiffNode, type DiffStatusFilter } from './diffTree';
import { ExportPanel, type ExportJob } from './ExportPanel';
import { FilePreview } from './FilePreview';
import { OpenBy } from './OpenBy';
import '../memory/view-controls.css';
import './rootfs.css';

export interface RootfsDiffViewProps {
  archiveId: string;
  summary: ArchiveSummary;
  onShowProcess?(pid: number): void;
}

export function RootfsDiffView({ archiveId, onShowProcess }: RootfsDiffViewProps) {
  const diff = useAsync(() => call('getRootfsDiff', archiveId), [archiveId]);
  if (diff.status === 'loading') return <Loading what="the rootfs diff" />;
  if (diff.status === 'error') return <ErrorBox error={diff.error} title="Could not read the rootfs diff" onRetry={diff.reload} />;
  return <DiffBrowser archiveId={archiveId} diff={diff.value} onShowProcess={onShowProcess} />;
}

const toTreeNodes = (nodes: DiffNode[]): TreeNode<DiffNode>[] =>
  nodes.map((n) => ({ id: n.path, data: n, children: n.children.length ? toTreeNodes(n.children) : undefined }));

function DiffBrowser({ archiveId, diff, onShowProcess }: { archiveId: string; diff: RootfsDiff; onShowProcess?(pid: number): void }) {
  const navigate = useNavigate();
  const showProcess = useCallback(
    (pid: number) => (onShowProcess ? onShowProcess(pid) : navigate('Processes', { pid })),
    [onShowProcess, navigate],
  );
  const root = useMemo(() => buildDiffTree(diff), [diff]);
  const roots = useMemo(() => toTreeNodes(root.children), [root]);
  const [selected, setSelected] = useState<DiffNode | null>(null);
  const [status, setStatus] = useState<DiffStatusFilter>('all');
  const [text, setText] = useState('');
  const [exportJob, setExportJob] = useState<ExportJob | null>(null);

  const filterKey = status !== 'all' || text ? `${status}\u0000${text}` : undefined;
  const filterFn = useCallback((node: DiffNode) => matchesFilter(node, status, text), [status, text]);
  const columns = useMemo(() => diffColumns(showProcess), [showProcess]);
  const prefix = diff.changes.some((c) => c.path.startsWith('/')) ? '/' : '';

  const exportNode = (node: DiffNode) =>
    setExportJob({
      title: isFolder(node) ? `folder /${node.path}` : `/${node.path}`,
      request: {
        paths: node.change || isFolder(node) ? [node.change?.path ?? prefix + node.path] : [],
        ghostImages: node.ghosts.map((g) => g.image),
      },
    });

  const { changed, deleted, ghost } = diff.counts;
  const empty = diff.changes.length === 0 && diff.ghostFiles.length === 0;

  return (
    <div className="rootfs-view bview">
      <div className="rootfs-toolbar">
        <span className="rootfs-counts" aria-label="Change counts">
          <span className="badge accent">{formatCount(changed)} changed</span>
          <span className="badge danger">{formatCount(deleted)} deleted</span>
          <span className={`badge ghost${ghost ? '' : ' zero'}`}>{formatCount(ghost)} ghost</span>
        </span>
        <select aria-label="Show" value={status} onChange={(e) => setStatus(e.target.value as DiffStatusFilter)}>
          <option value="all">All entries</option>
          <option value="changed">Changed</option>
          <option value="deleted">Deleted</option>
          <option value="ghost">Ghost files</option>
          <option value="open">Held open by a process</option>
        </select>
        <input type="search" aria-label="Filter paths" placeholder="Filter paths" value={text} onChange={(e) => setText(e.target.value)} />
        <span className="grow" />
        <button
          type="button"
          disabled={empty}
          onClick={() =>
            setExportJob({
              title: 'the whole diff',
              request: { paths: ['*'], ghostImages: diff.ghostFiles.map((g) => g.image) },
            })
          }
        >
          Export whole diff…
        </button>
      </div>
      <p className="rootfs-note muted">
        rootfs-diff.tar holds files the container created or modified (the diff cannot tell which: both are “changed”);
        deleted.files lists what it removed. Ghost files were deleted while a process still had them open — CRIU saved their
        contents.
      </p>
      <WarningList warnings={diff.warnings} />
      {exportJob && <ExportPanel archiveId={archiveId} job={exportJob} onClose={() => setExportJob(null)} />}
      <Splitter
        direction="vertical"
        initial={treeHeight(diff.changes.length + diff.ghostFiles.length)}
        min={120}
        minSecond={200}
        label="Resize the preview"
        className="rootfs-split"
        first={
          <TreeTable<DiffNode>
            roots={roots}
            columns={columns}
            label="Rootfs diff"
            selectedId={selected?.path ?? null}
            onSelect={(node) => setSelected(node)}
            filter={filterKey}
            filterFn={filterFn}
            defaultExpandDepth={64}
            rowClassName={(n) => (n.change ? `diff-${n.change.status}` : n.ghosts.length ? 'diff-ghost' : 'diff-folder')}
            empty={empty ? 'The container changed no files: rootfs-diff.tar and deleted.files are empty or absent.' : 'No entry matches the filter.'}
          />
        }
        second={
          <div className="rootfs-preview">
            {selected ? (
              <FilePreview key={selected.path} archiveId={archiveId} node={selected} onShowProcess={showProcess} onExport={() => exportNode(selected)} />
            ) : (
              <Empty title="Nothing selected">Select a file to see its contents and who holds it open.</Empty>
            )}
          </div>
        }
      />
    </div>
  );
}

function diffColumns(showProcess: (pid: number) => void): TableColumn<DiffNode>[] {
  const isDir = (n: DiffNode) => n.change?.type === 'dir' || (!n.change && n.children.length > 0);
  return [
    {
      id: 'path',
      header: 'Path',
      width: 'minmax(240px, 3fr)',
      value: (n) => n.name,
      cell: (n) => (
        <span className="diff-name">
          <span className={isDir(n) ? 'diff-icon dir' : 'diff-icon'} aria-hidden="true" />
          <SafeText text={n.name} title />
          {!n.change && n.children.length > 0 && (
            <span className="faint diff-sub">
              {' '}
              {summarise(n.counts)}
            </span>
          )}
        </span>
      ),
    },
    {
      id: 'status',
      header: 'Status',
      width: '96px',
      value: (n) => n.change?.status ?? (n.ghosts.length ? 'ghost' : undefined),
      cell: (n) => (
        <span className="diff-status">
          {n.change && <span className={`badge ${n.change.status === 'changed' ? 'accent' : 'danger'}`}>{n.change.status}</span>}
          {n.ghosts.length > 0 && <span className="badge ghost" title="Deleted while open; contents saved by CRIU">ghost</span>}
        </span>
      ),
    },
    {
      id: 'open',
      header: 'Open by',
      width: 'minmax(90px, 1fr)',
      value: (n) => [...(n.change?.openBy ?? []).map((o) => o.pid), ...n.ghosts.map((g) => g.pid)].join(' ') || undefined,
      cell: (n) => <OpenBy node={n} onShowProcess={showProcess} />,
    },
    { id: 'type', header: 'Type', width: '62px', value: (n) => n.change?.type ?? (n.children.length ? 'dir' : n.ghosts.length ? 'file' : undefined) },
    {
      id: 'size',
      header: 'Size',
      width: '72px',
      align: 'right',
      value: (n) => n.change?.size ?? n.ghosts[0]?.size,
      cell: (n) => {
        const size = n.change?.size ?? n.ghosts[0]?.size;
        return size === undefined ? <span className="faint">—</span> : <span className="num">{formatCount(size)}</span>;
      },
    },
    {
      id: 'mode',
      header: 'Mode',
      width: '92px',
      mono: true,
      value: (n) => {
        const mode = n.change?.mode ?? n.ghosts[0]?.mode;
        return mode === undefined ? undefined : formatMode(mode, n.change?.type ?? 'file');
      },
    },
    {
      id: 'owner',
      header: 'Owner',
      width: '78px',
      value: (n) => (n.change?.uid !== undefined ? `${n.change.uid}:${n.change.gid ?? '?'}` : undefined),
    },
    {
      id: 'mtime',
      header: 'Modified (UTC)',
      width: '162px',
      value: (n) => n.change?.mtime,
      cell: (n) => (n.change?.mtime !== undefined ? <span className="nowrap">{formatEpochSeconds(n.change.mtime).replace(' UTC', '')}</span> : <span className="faint">—</span>),
    },
    {
      id: 'link',
      header: 'Link target',
      width: 'minmax(110px, 1.5fr)',
      value: (n) => n.change?.linkTarget,
    },
  ];
}

/** The tree takes the rows it needs (folders included, roughly) up to about half the window; the preview gets the rest. */
function treeHeight(entries: number): number {
  const rows = Math.max(3, entries * 2);
  return Math.min(26 + rows * 24 + 8, Math.round(window.innerHeight * 0.45));
}

function summarise(c: DiffNode['counts']): string {
  return [c.changed && `${c.changed} changed`, c.deleted && `${c.deleted} deleted`, c.ghost && `${c.ghost} ghost`].filter(Boolean).join(', ');
}
