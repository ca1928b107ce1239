// The selected diff entry: its facts, who holds it open, and its contents — as text when the bytes
// look like text, else in the hex view (switchable). Ghost files show the bytes CRIU saved.
import { useMemo, useState, type ReactNode } from 'react';
import type { GhostFile, ImagePayload } from '../../../shared/model';
import { formatBytesExact, formatEpochSeconds, formatMode, formatOctalMode, looksLikeText } from '../../../shared/text';
import { ErrorBox, WarningList } from '../../components/ErrorBox';
import { HexView, type HexSource } from '../../components/HexView';
import { Loading } from '../../components/States';
import { SafeText } from '../../components/SafeText';
import { TextView } from '../../components/TextView';
import { call, useAsync } from '../../lib/api';
import { entrySource } from '../../lib/sources';
import { canExport, isFolder, type DiffNode } from './diffTree';
import { OpenBy } from './OpenBy';

/** Bytes read to decide text or binary and to show as text (larger files: the hex view scrolls all). */
const TEXT_PREVIEW_BYTES = 1024 * 1024;
const SNIFF_BYTES = 64 * 1024;

export interface FilePreviewProps {
  archiveId: string;
  node: DiffNode;
  onShowProcess(pid: number): void;
  onExport(): void;
}

export function FilePreview({ archiveId, node, onShowProcess, onExport }: FilePreviewProps) {
  const change = node.change;
  const ghost = node.ghosts[0];
  const facts: Array<[string, ReactNode]> = [];
  facts.push(['Path', <SafeText key="p" className="mono" text={'/' + node.path} />]);
  if (change) {
    facts.push(['Status', change.status === 'changed' ? 'changed (in rootfs-diff.tar: created or modified)' : 'deleted (listed in deleted.files)']);
    if (change.type) facts.push(['Type', change.type]);
    if (change.size !== undefined) facts.push(['Size', formatBytesExact(change.size)]);
    if (change.mode !== undefined) facts.push(['Mode', `${formatMode(change.mode, change.type)} (${formatOctalMode(change.mode)})`]);
    if (change.uid !== undefined) facts.push(['Owner', `uid ${change.uid}, gid ${change.gid ?? '?'}`]);
    if (change.mtime !== undefined) facts.push(['Modified', formatEpochSeconds(change.mtime)]);
    if (change.linkTarget) facts.push(['Link target', <SafeText key="l" className="mono" text={change.linkTarget} />]);
    if (change.entryPath) facts.push(['Archive entry', <SafeText key="e" className="mono" text={change.entryPath} />]);
  }
  for (const g of node.ghosts) {
    facts.push(['Ghost file', <GhostFacts key={g.image} ghost={g} />]);
  }
  if ((change?.openBy.length ?? 0) > 0 || node.ghosts.length > 0) facts.push(['Held open by', <OpenBy key="o" node={node} onShowProcess={onShowProcess} />]);

  return (
    <div className="file-preview">
      <div className="file-preview-head">
        <dl className="facts">
          {facts.map(([k, v], i) => (
            <div key={i}>
              <dt>{k}</dt>
              <dd>{v}</dd>
            </div>
          ))}
        </dl>
        <button type="button" onClick={onExport} disabled={!canExport(node)}>
          {isFolder(node) ? 'Export folder…' : ghost && !change?.entryPath ? 'Export ghost contents…' : 'Export file…'}
        </button>
      </div>
      <div className="file-preview-body">
        {change?.entryPath && change.type === 'file' ? (
          <Contents source={entrySource(archiveId, change.entryPath, change.size ?? 0)} sourceKey={change.entryPath} />
        ) : ghost ? (
          <GhostContents archiveId={archiveId} ghost={ghost} />
        ) : change?.status === 'deleted' ? (
          <div className="preview-note muted">
            Deleted in the container. Its contents are not in the checkpoint (only processes that still had it open leave a ghost
            copy).
          </div>
        ) : change?.type === 'symlink' || change?.type === 'hardlink' ? (
          <div className="preview-note muted">
            A {change.type} to <SafeText className="mono" text={change.linkTarget} />.
          </div>
        ) : isFolder(node) ? (
          <div className="preview-note muted">A folder. Export writes every entry below it.</div>
        ) : (
          <div className="preview-note muted">No contents to show for this entry type.</div>
        )}
      </div>
    </div>
  );
}

function GhostFacts({ ghost }: { ghost: GhostFile }) {
  return (
    <span>
      {formatBytesExact(ghost.size)} saved in <SafeText className="mono" text={ghost.image} /> (pid {ghost.pid}, fd {ghost.fd})
    </span>
  );
}

/** The ghost file's bytes: the payload ranges of its ghost-file image, end to end. */
function GhostContents({ archiveId, ghost }: { archiveId: string; ghost: GhostFile }) {
  const image = useAsync(() => call('getImage', archiveId, ghost.image), [archiveId, ghost.image]);
  const source = useMemo(() => (image.status === 'done' ? payloadSource(archiveId, ghost.image, image.value.payloads) : null), [image, archiveId, ghost.image]);
  if (image.status === 'loading') return <Loading what="the ghost image" />;
  if (image.status === 'error') return <ErrorBox error={image.error} title="Could not read the ghost image" onRetry={image.reload} />;
  return (
    <>
      <WarningList warnings={image.value.warnings} />
      {source && source.size > 0 ? (
        <Contents source={source} sourceKey={ghost.image} />
      ) : (
        <div className="preview-note muted">The ghost image holds no bytes.</div>
      )}
    </>
  );
}

/** Several payload ranges of one entry as one logical byte space (chunked ghost files). */
function payloadSource(archiveId: string, path: string, payloads: ImagePayload[]): HexSource {
  if (payloads.length === 1) return entrySource(archiveId, path, payloads[0].length, payloads[0].offset);
  const parts = payloads.map((p) => ({ p, source: entrySource(archiveId, path, p.length, p.offset) }));
  const starts: number[] = [];
  let size = 0;
  for (const { p } of parts) {
    starts.push(size);
    size += p.length;
  }
  return {
    size,
    addressOf: (offset) => BigInt(offset),
    offsetOf: (address) => (address >= 0n && address < BigInt(size) ? Number(address) : null),
    async read(offset, length) {
      const out: Array<{ offset: number; length: number; bytes: Uint8Array | null }> = [];
      for (let i = 0; i < parts.length; i++) {
        const from = Math.max(offset, starts[i]);
        const to = Math.min(offset + length, starts[i] + parts[i].p.length);
        if (to <= from) continue;
        for (const c of await parts[i].source.read(from - starts[i], to - from)) out.push({ ...c, offset: c.offset + starts[i] });
      }
      return out;
    },
  };
}

/** Text or hex of a byte source; text is chosen when the first bytes look like text. */
function Contents({ source, sourceKey }: { source: HexSource; sourceKey: string }) {
  const head = useAsync(() => readHead(source, Math.min(source.size, TEXT_PREVIEW_BYTES)), [sourceKey]);
  const [mode, setMode] = useState<'auto' | 'text' | 'hex'>('auto');
  const stableSource = useMemo(() => source, [sourceKey]); // eslint-disable-line react-hooks/exhaustive-deps
  if (head.status === 'loading') return <Loading what="the contents" />;
  if (head.status === 'error') return <ErrorBox error={head.error} title="Could not read the contents" onRetry={head.reload} />;
  const isText = looksLikeText(head.value.subarray(0, SNIFF_BYTES));
  const shown = mode === 'auto' ? (isText ? 'text' : 'hex') : mode;
  const toggle = (
    <span className="segmented" role="group" aria-label="Show as">
      {(['text', 'hex'] as const).map((m) => (
        <button key={m} type="button" aria-pressed={shown === m} onClick={() => setMode(m)}>
          {m === 'text' ? 'Text' : 'Hex'}
        </button>
      ))}
    </span>
  );
  return (
    <div className="contents">
      <div className="contents-bar">
        {toggle}
        <span className="muted">{isText ? 'The bytes look like text.' : 'Binary data.'}</span>
      </div>
      {shown === 'text' ? (
        <TextView bytes={head.value} totalSize={source.size} />
      ) : (
        <HexView source={stableSource} label="Hex view" inspector={false} />
      )}
    </div>
  );
}

async function readHead(source: HexSource, length: number): Promise<Uint8Array> {
  const out = new Uint8Array(length);
  for (const c of await source.read(0, length)) if (c.bytes) out.set(c.bytes.subarray(0, Math.min(c.bytes.length, length - c.offset)), c.offset);
  return out;
}
