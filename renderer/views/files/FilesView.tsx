// Files view: every entry of the archive as a folder tree (nested archives under their entry),
// sortable and filterable, and the selected file's content: text in the TextView, anything else in
// the HexView over readEntry (any size: the hex view reads only what is on screen).
import { useEffect, useMemo, useState } from 'react';
import type { ArchiveSummary, Entry } from '../../../shared/model';
import { decodeText, formatBytes, formatBytesExact, formatCount, formatEpochSeconds, formatMode, formatOctalMode, looksLikeText } from '../../../shared/text';
import { KeyValue, Val } from '../../components/KeyValue';
import { SafeText } from '../../components/SafeText';
import { Splitter } from '../../components/Splitter';
import { AsyncView, Empty, Loading } from '../../components/States';
import { ErrorBox } from '../../components/ErrorBox';
import type { TableColumn } from '../../components/Table';
import { TextView } from '../../components/TextView';
import { TreeTable } from '../../components/TreeTable';
import { ValueTree } from '../../components/ValueTree';
import { HexView } from '../../components/HexView';
import { call, errorText, useAsync } from '../../lib/api';
import { useNavigate, type NavigationFocus } from '../../lib/navigation';
import { entrySource } from '../../lib/sources';
import { buildFileTree, typeLabel, type FileRow } from './fileTree';
import { plural } from '../../lib/plural';

const SNIFF_BYTES = 64 * 1024;
const TEXT_BYTES = 4 * 1024 * 1024;

const COLUMNS: TableColumn<FileRow>[] = [
  {
    id: 'name',
    header: 'Name',
    width: 'minmax(190px, 2fr)',
    // Folders (and nested archives) sort before files, like a file manager.
    value: (r) => `${r.isFolder ? 0 : 1}${r.name}`,
    cell: (r) => (
      <>
        <span className={`file-icon ${r.entry?.isNestedArchive ? 'archive' : r.isFolder ? 'folder' : (r.entry?.type ?? 'file')}`} aria-hidden="true" />
        <SafeText text={r.name} limit={200} title />
        {r.entry?.rawName !== undefined && (
          <span className="badge warn" title={`Stored name: ${r.entry.rawName}`}>
            renamed
          </span>
        )}
      </>
    ),
  },
  {
    id: 'type',
    header: 'Type',
    width: 'minmax(64px, 0.7fr)',
    value: (r) => typeLabel(r),
    cell: (r) => (
      <>
        {typeLabel(r)}
        {r.entry?.linkTarget !== undefined && (
          <span className="muted">
            {' → '}
            <SafeText text={r.entry.linkTarget} limit={120} title />
          </span>
        )}
      </>
    ),
  },
  {
    id: 'size',
    header: 'Size',
    width: 92,
    align: 'right',
    value: (r) => (r.entry?.type === 'file' ? r.entry.size : r.isFolder ? r.totalSize : undefined),
    cell: (r) =>
      r.entry?.type === 'file' && !r.entry.isNestedArchive ? (
        <span title={formatBytesExact(r.entry.size)}>{formatBytes(r.entry.size)}</span>
      ) : r.isFolder ? (
        <span className="muted" title={`${plural(r.descendants, 'entry', 'entries')}, ${formatBytesExact(r.totalSize)}`}>
          {r.entry?.isNestedArchive ? formatBytes(r.entry.size) : `${formatCount(r.descendants)} ${r.descendants === 1 ? 'item' : 'items'}`}
        </span>
      ) : (
        <span className="faint">—</span>
      ),
  },
  {
    id: 'mode',
    header: 'Mode',
    width: 94,
    mono: true,
    value: (r) => (r.entry ? formatMode(r.entry.mode, r.entry.type) : undefined),
  },
  {
    id: 'owner',
    header: 'UID:GID',
    width: 84,
    mono: true,
    value: (r) => (r.entry ? `${r.entry.uid}:${r.entry.gid}` : undefined),
    cell: (r) =>
      r.entry ? (
        <span title={r.entry.uname || r.entry.gname ? `${r.entry.uname ?? r.entry.uid}:${r.entry.gname ?? r.entry.gid}` : undefined}>
          {r.entry.uid}:{r.entry.gid}
        </span>
      ) : (
        <span className="faint">—</span>
      ),
  },
  {
    id: 'mtime',
    header: 'Modified (UTC)',
    width: 156,
    mono: true,
    value: (r) => r.entry?.mtime,
    cell: (r) => (r.entry ? <>{formatEpochSeconds(r.entry.mtime).replace(' UTC', '')}</> : <span className="faint">—</span>),
  },
  {
    id: 'kind',
    header: 'What it is',
    width: 'minmax(140px, 1.6fr)',
    value: (r) => r.entry?.kind ?? (r.isFolder ? 'folder' : undefined),
    cell: (r) => <SafeText text={r.entry?.kind ?? (r.isFolder ? '' : '')} placeholder="—" title />,
  },
];

export function FilesView({ archiveId, focus }: { archiveId: string; summary: ArchiveSummary; focus?: NavigationFocus }) {
  const entries = useAsync(() => call('listEntries', archiveId), [archiveId]);
  return (
    <AsyncView state={entries} what="the archive index">
      {(list) => <FilesBrowser archiveId={archiveId} entries={list} focusPath={focus?.path} />}
    </AsyncView>
  );
}

function FilesBrowser({ archiveId, entries, focusPath }: { archiveId: string; entries: Entry[]; focusPath?: string }) {
  const roots = useMemo(() => buildFileTree(entries), [entries]);
  const [filter, setFilter] = useState('');
  const [selected, setSelected] = useState<{ id: string; row: FileRow } | null>(null);
  const rowsById = useMemo(() => {
    const map = new Map<string, FileRow>();
    const walk = (nodes: typeof roots) => nodes.forEach((n) => (map.set(n.id, n.data), n.children && walk(n.children)));
    walk(roots);
    return map;
  }, [roots]);
  // Navigation from another view (Images, Rootfs diff): select that entry.
  useEffect(() => {
    const row = focusPath ? rowsById.get(focusPath.replace(/\/+$/, '')) : undefined;
    if (row) setSelected({ id: row.path, row });
  }, [focusPath, rowsById]);
  const fileCount = entries.filter((e) => e.type === 'file').length;
  if (entries.length === 0) return <Empty title="The archive has no entries" />;
  return (
    <Splitter
      // The preview keeps room for 16 hex columns and their ASCII (about 600 px).
      initial={Math.max(360, Math.min(Math.round(window.innerWidth * 0.58), window.innerWidth - 600))}
      min={360}
      minSecond={320}
      label="Resize file list"
      first={
        <div className="pane">
          <div className="pane-toolbar">
            <input
              type="search"
              placeholder="Filter by name or path"
              aria-label="Filter files"
              value={filter}
              onChange={(e) => setFilter(e.target.value)}
            />
            <span className="muted nowrap">
              {plural(entries.length, 'entry', 'entries')} · {plural(fileCount, 'file')}
            </span>
          </div>
          <TreeTable<FileRow>
            roots={roots}
            columns={COLUMNS}
            label="Archive files"
            selectedId={selected?.id ?? null}
            onSelect={(row, id) => setSelected({ id, row })}
            filter={filter}
            filterFn={(row, f) => row.path.toLowerCase().includes(f.toLowerCase())}
            defaultExpandDepth={1}
            initialSort={{ id: 'name', desc: false }}
            empty="No entry matches the filter."
          />
        </div>
      }
      second={<div className="pane">{selected ? <EntryPreview key={selected.id} archiveId={archiveId} row={selected.row} /> : <Empty title="Select a file">Its content is shown here: text as text, anything else as hex.</Empty>}</div>}
    />
  );
}

function EntryPreview({ archiveId, row }: { archiveId: string; row: FileRow }) {
  const navigate = useNavigate();
  const entry = row.entry;
  const [saving, setSaving] = useState<string | null>(null);
  const isContent = entry?.type === 'file';
  const sniff = useAsync(
    () => (isContent && entry ? call('readEntry', archiveId, entry.path, 0, Math.min(entry.size, SNIFF_BYTES)) : Promise.resolve(null)),
    [archiveId, entry?.path],
  );
  const isImage = !!entry && entry.kindId.startsWith('criu:') && entry.path.endsWith('.img');
  const sniffed = sniff.status === 'done' && sniff.value ? sniff.value.bytes : null;
  const autoText = !!sniffed && !entry?.isNestedArchive && !isImage && looksLikeText(sniffed);
  const looksJson = autoText && !!entry && entry.size <= TEXT_BYTES && /^\s*[[{]/.test(String.fromCharCode(...sniffed!.subarray(0, 64)));
  const [mode, setMode] = useState<'auto' | 'text' | 'json' | 'hex'>('auto');
  const shown = mode === 'auto' ? (autoText ? 'text' : 'hex') : mode;
  const source = useMemo(() => (entry && isContent ? entrySource(archiveId, entry.path, entry.size) : null), [archiveId, entry, isContent]);

  const [selection, setSelection] = useState<{ start: number; end: number } | null>(null);
  const saveRange = async (name: string, offset: number, length: number) => {
    if (!entry) return;
    try {
      const saved = await call('saveBytes', archiveId, name, { kind: 'entry', path: entry.path, offset, length });
      setSaving(saved ? `Saved ${formatBytesExact(length)} to ${saved}` : null);
    } catch (error) {
      setSaving(`Save failed: ${errorText(error)}`);
    }
  };
  const save = () => (entry ? saveRange(row.name, 0, entry.size) : Promise.resolve());
  const saveSelection = () =>
    selection ? saveRange(`${row.name}@0x${selection.start.toString(16)}.bin`, selection.start, selection.end - selection.start) : Promise.resolve();

  return (
    <div className="entry-preview">
      <div className="entry-head">
        <div className="entry-title">
          <SafeText className="mono" text={row.path} />
        </div>
        <KeyValue
          className="compact"
          items={[
            ['What', <Val text={entry?.kind ?? (row.isFolder ? `folder, ${plural(row.descendants, 'entry', 'entries')}` : '')} mono={false} />],
            entry && ['Size', formatBytesExact(entry.size)],
            entry && ['Mode', <span className="mono">{`${formatMode(entry.mode, entry.type)} (${formatOctalMode(entry.mode)})`}</span>],
            entry && ['Owner', <span className="mono">{`${entry.uname ?? entry.uid}:${entry.gname ?? entry.gid} (${entry.uid}:${entry.gid})`}</span>],
            entry && ['Modified', formatEpochSeconds(entry.mtime)],
            entry?.linkTarget !== undefined && ['Link target', <Val text={entry.linkTarget} />],
            entry?.rawName !== undefined && ['Stored name', <Val text={entry.rawName} />],
            entry?.headerOffset !== undefined && ['Tar header at', <span className="mono">{`${entry.headerOffset} (0x${entry.headerOffset.toString(16)})`}</span>],
            entry?.parent !== undefined && ['Inside', <Val text={entry.parent} />],
          ]}
        />
        {isContent && (
          <div className="entry-actions">
            <div className="segmented" role="group" aria-label="Show as">
              <button type="button" aria-pressed={shown === 'text'} onClick={() => setMode('text')}>
                Text
              </button>
              {looksJson && (
                <button type="button" aria-pressed={shown === 'json'} onClick={() => setMode('json')} title="Parse as JSON and show a collapsible tree">
                  JSON
                </button>
              )}
              <button type="button" aria-pressed={shown === 'hex'} onClick={() => setMode('hex')}>
                Hex
              </button>
            </div>
            {isImage && (
              <button type="button" onClick={() => navigate('Images', { path: entry!.path })}>
                Decode in Images
              </button>
            )}
            <button type="button" onClick={() => void save()}>
              Save…
            </button>
            {saving && (
              <span className="muted">
                <SafeText text={saving} />
              </span>
            )}
          </div>
        )}
      </div>
      <div className="entry-body">
        {!isContent ? (
          <Empty title={row.isFolder ? 'Folder' : `No content (${typeLabel(row)})`}>
            {row.isFolder
              ? `${plural(row.descendants, 'entry', 'entries')}, ${formatBytesExact(row.totalSize)}`
              : entry?.linkTarget
                ? 'Links have no data of their own in the archive.'
                : 'This entry has no data in the archive.'}
          </Empty>
        ) : sniff.status === 'loading' ? (
          <Loading what="the entry" />
        ) : sniff.status === 'error' ? (
          <ErrorBox error={sniff.error} title="Could not read this entry" onRetry={sniff.reload} />
        ) : shown === 'text' ? (
          <EntryText archiveId={archiveId} entry={entry!} />
        ) : shown === 'json' ? (
          <EntryJson archiveId={archiveId} entry={entry!} />
        ) : (
          source && (
            <HexView
              source={source}
              label="Hex view"
              onSelectionChange={setSelection}
              actions={
                <button type="button" disabled={!selection || selection.end - selection.start < 1} onClick={() => void saveSelection()} title="Save the selected bytes to a file">
                  Save selection…
                </button>
              }
            />
          )
        )}
      </div>
    </div>
  );
}

function EntryText({ archiveId, entry }: { archiveId: string; entry: Entry }) {
  const text = useAsync(() => call('readEntry', archiveId, entry.path, 0, Math.min(entry.size, TEXT_BYTES)), [archiveId, entry.path]);
  return (
    <AsyncView state={text} what="the text">
      {(read) => <TextView bytes={read.bytes} totalSize={entry.size} label={`Text of ${entry.path}`} />}
    </AsyncView>
  );
}

function EntryJson({ archiveId, entry }: { archiveId: string; entry: Entry }) {
  const parsed = useAsync(async () => {
    const read = await call('readEntry', archiveId, entry.path, 0, Math.min(entry.size, TEXT_BYTES));
    try {
      return { value: JSON.parse(decodeText(read.bytes).text) as unknown, error: null };
    } catch (error) {
      return { value: null, error: error instanceof Error ? error.message : String(error) };
    }
  }, [archiveId, entry.path]);
  return (
    <AsyncView state={parsed} what="the JSON">
      {(result) =>
        result.error !== null ? (
          <ErrorBox error={{ name: 'SyntaxError', message: `Not valid JSON: ${result.error}`, file: entry.path }} title="Could not parse this entry as JSON" />
        ) : (
          <div className="json-view">
            <ValueTree value={result.value} label={`JSON of ${entry.path}`} defaultOpenDepth={2} />
          </div>
        )
      }
    </AsyncView>
  );
}
