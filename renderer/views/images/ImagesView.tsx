// Images: every CRIU image with its magic and what it holds; the selected image decoded as a
// crit-style pretty tree beside its raw bytes. Clicking an entry highlights its byte range in the
// hex view; raw payloads (ghost file contents, TCP queues, pipe data) can be viewed and saved.
import { useEffect, useMemo, useState } from 'react';
import type { ArchiveSummary, DecodedImageView, ImagePayload, ImageSummary } from '../../../shared/model';
import { formatBytes, formatBytesExact, formatCount } from '../../../shared/text';
import { WarningList } from '../../components/ErrorBox';
import { HexView, type HexHighlight } from '../../components/HexView';
import { SafeText } from '../../components/SafeText';
import { SimpleTable } from '../../components/SimpleTable';
import { Splitter } from '../../components/Splitter';
import { AsyncView, Empty } from '../../components/States';
import { Table, type TableColumn } from '../../components/Table';
import { TreeTable } from '../../components/TreeTable';
import { call, errorText, useAsync } from '../../lib/api';
import { useNavigate, type NavigationFocus } from '../../lib/navigation';
import { entrySource } from '../../lib/sources';
import { buildPrettyTree, type PrettyRow } from './prettyTree';
import { plural } from '../../lib/plural';

const IMAGE_COLUMNS: TableColumn<ImageSummary>[] = [
  { id: 'path', header: 'Image', width: 'minmax(160px, 1fr)', value: (i) => i.path.replace(/^checkpoint\//, ''), mono: true },
  {
    id: 'magic',
    header: 'Magic',
    width: 'minmax(90px, 0.8fr)',
    value: (i) => i.magic,
    cell: (i) => <span className={`magic mono${i.magic === 'UNKNOWN' ? ' error-text' : i.magic === 'RAW' ? ' muted' : ''}`} title={i.magicValue}>{i.magic}</span>,
  },
  { id: 'size', header: 'Size', width: 76, align: 'right', value: (i) => i.size, cell: (i) => <span title={formatBytesExact(i.size)}>{formatBytes(i.size)}</span> },
  { id: 'description', header: 'What it is', width: 'minmax(150px, 1.5fr)', value: (i) => i.description },
];

const TREE_COLUMNS: TableColumn<PrettyRow>[] = [
  { id: 'key', header: 'Field', width: 'minmax(190px, 1.3fr)', value: (r) => r.key, sortable: false, cell: (r) => <SafeText text={r.key} className={r.isContainer ? 'pretty-key branch' : 'pretty-key'} /> },
  {
    id: 'value',
    header: 'Value',
    width: 'minmax(140px, 1fr)',
    sortable: false,
    value: (r) => r.display,
    cell: (r) =>
      r.isContainer ? (
        <span className="muted mono">
          <SafeText text={r.display} />
        </span>
      ) : (
        <SafeText className={`mono pretty-${r.value === null ? 'null' : typeof r.value}`} text={typeof r.value === 'string' ? `"${r.value}"` : r.display} limit={400} title />
      ),
  },
];

/** Room the hex pane needs for 16 columns and their ASCII. */
const HEX_PANE_WIDTH = 570;
/** The image list: about a third of the window, less when the decoded tree and the hex need it. */
const listWidth = () => Math.max(300, Math.min(Math.round(window.innerWidth * 0.36), window.innerWidth - 380 - HEX_PANE_WIDTH));

export function ImagesView({ archiveId, focus }: { archiveId: string; summary: ArchiveSummary; focus?: NavigationFocus }) {
  const images = useAsync(() => call('listImages', archiveId), [archiveId]);
  return (
    <AsyncView state={images} what="the image list">
      {(list) => <Images archiveId={archiveId} images={list} focusPath={focus?.path} focus={focus} />}
    </AsyncView>
  );
}

function Images({ archiveId, images, focusPath, focus }: { archiveId: string; images: ImageSummary[]; focusPath?: string; focus?: NavigationFocus }) {
  const [selected, setSelected] = useState<string | null>(focusPath ?? images[0]?.path ?? null);
  const [filter, setFilter] = useState('');
  useEffect(() => {
    if (focusPath) setSelected(focusPath);
  }, [focus, focusPath]);
  if (images.length === 0) return <Empty title="No CRIU images">This archive contains no checkpoint/*.img files.</Empty>;
  const current = images.find((i) => i.path === selected);
  return (
    <Splitter
      initial={listWidth()}
      min={260}
      minSecond={600}
      label="Resize image list"
      first={
        <div className="pane">
          <div className="pane-toolbar">
            <input type="search" placeholder="Filter images" aria-label="Filter images" value={filter} onChange={(e) => setFilter(e.target.value)} />
            <span className="muted nowrap">{plural(images.length, 'image')}</span>
          </div>
          <Table<ImageSummary>
            data={images}
            columns={IMAGE_COLUMNS}
            label="CRIU images"
            rowId={(i) => i.path}
            selectedId={selected}
            onSelect={(i) => setSelected(i.path)}
            filter={filter}
            scrollToId={selected}
            rowClassName={(i) => (i.magic === 'UNKNOWN' ? 'row-warn' : undefined)}
          />
        </div>
      }
      second={
        <div className="pane">
          {current ? (
            <ImageDetail key={current.path} archiveId={archiveId} image={current} />
          ) : selected ? (
            <Empty title="Not a CRIU image">
              <SafeText className="mono" text={selected} /> is not in the image list.
            </Empty>
          ) : (
            <Empty title="Select an image" />
          )}
        </div>
      }
    />
  );
}

function ImageDetail({ archiveId, image }: { archiveId: string; image: ImageSummary }) {
  const decoded = useAsync(() => call('getImage', archiveId, image.path), [archiveId, image.path]);
  return (
    <AsyncView state={decoded} what={image.path}>
      {(view) => <DecodedImage archiveId={archiveId} image={image} view={view} />}
    </AsyncView>
  );
}

function DecodedImage({ archiveId, image, view }: { archiveId: string; image: ImageSummary; view: DecodedImageView }) {
  const navigate = useNavigate();
  const roots = useMemo(() => (view.entries ? buildPrettyTree(view.entries) : []), [view.entries]);
  const source = useMemo(() => entrySource(archiveId, image.path, image.size), [archiveId, image.path, image.size]);
  const [selectedNode, setSelectedNode] = useState<string | null>(null);
  const [mark, setMark] = useState<{ offset: number; length: number; seq: number } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [treeFilter, setTreeFilter] = useState('');

  const highlights: HexHighlight[] = mark ? [{ offset: mark.offset, length: mark.length, kind: 'selection' }] : [];
  const showEntry = (row: PrettyRow, id: string) => {
    setSelectedNode(id);
    const range = view.entryRanges[row.entryIndex];
    if (range) setMark((m) => ({ offset: range.offset, length: range.length, seq: (m?.seq ?? 0) + 1 }));
  };
  const showPayload = (p: ImagePayload) => setMark((m) => ({ offset: p.offset, length: p.length, seq: (m?.seq ?? 0) + 1 }));
  const savePayload = async (p: ImagePayload) => {
    const base = image.path.split('/').pop()!.replace(/\.img$/, '');
    try {
      const saved = await call('saveBytes', archiveId, `${base}-${p.label.replace(/[^\w.-]+/g, '_')}.bin`, { kind: 'entry', path: image.path, offset: p.offset, length: p.length });
      setNotice(saved ? `Saved ${formatCount(p.length)} bytes to ${saved}` : null);
    } catch (error) {
      setNotice(`Save failed: ${errorText(error)}`);
    }
  };

  return (
    <div className="image-detail">
      <div className="detail-head">
        <div className="detail-title">
          <SafeText className="mono" text={image.path} />
          <span className={`badge${view.magic === 'UNKNOWN' ? ' danger' : ' accent'}`}>{view.magic}</span>
          {view.magicValue && <span className="mono muted">{view.magicValue}</span>}
          <span className="muted">
            {view.entries ? plural(view.entries.length, 'entry', 'entries') : 'not decoded'} · {formatBytesExact(image.size)}
          </span>
          <span className="grow" />
          <button type="button" onClick={() => navigate('Files', { path: image.path })}>
            Show in Files
          </button>
        </div>
        <div className="muted">
          <SafeText text={image.description} />
        </div>
      </div>
      <WarningList warnings={view.warnings} open={view.entries === null} />
      {view.payloads.length > 0 && (
        <details className="payloads" open>
          <summary>
            Raw payloads ({view.payloads.length}) <span className="muted">— bytes that follow an entry: file contents, queued socket data</span>
          </summary>
          <SimpleTable
            label="Raw payloads"
            rows={view.payloads}
            columns={[
              { header: 'Entry', cell: (p) => p.entryIndex, align: 'right', mono: true },
              { header: 'What', cell: (p) => <SafeText text={p.label} /> },
              { header: 'Offset', cell: (p) => `0x${p.offset.toString(16)}`, align: 'right', mono: true },
              { header: 'Length', cell: (p) => <span title={formatBytesExact(p.length)}>{formatCount(p.length)} B</span>, align: 'right' },
              {
                header: '',
                cell: (p) => (
                  <span className="row-actions">
                    <button type="button" className="small" onClick={() => showPayload(p)}>
                      View in hex
                    </button>
                    <button type="button" className="small" onClick={() => void savePayload(p)}>
                      Save…
                    </button>
                  </span>
                ),
              },
            ]}
          />
          {notice && (
            <p className="muted">
              <SafeText text={notice} />
            </p>
          )}
        </details>
      )}
      <div className="image-split">
        {view.entries === null && view.magic === 'RAW' ? (
          <div className="pane">
            <p className="raw-note muted">
              A raw image has no CRIU framing: its bytes are the content itself
              {image.path.includes('pages-') ? ' (memory pages; the Memory view maps them to virtual addresses)' : ''}.
            </p>
            <HexView source={source} label="Hex view" highlights={highlights} scrollToOffset={mark ? mark.offset : null} scrollKey={mark?.seq} />
          </div>
        ) : (
          <Splitter
            initial={Math.max(260, Math.min(380, window.innerWidth - listWidth() - HEX_PANE_WIDTH))}
            min={220}
            minSecond={560}
            label="Resize decoded tree"
            first={
              <div className="pane">
                {view.entries === null ? (
                  <Empty title="Not decoded">The raw bytes are on the right; the warnings above say why.</Empty>
                ) : view.entries.length === 0 ? (
                  <Empty title="No entries">The image holds only its header.</Empty>
                ) : (
                  <>
                    <div className="pane-toolbar">
                      <input type="search" placeholder="Filter fields and values" aria-label="Filter decoded entries" value={treeFilter} onChange={(e) => setTreeFilter(e.target.value)} />
                    </div>
                    <TreeTable<PrettyRow>
                      roots={roots}
                      columns={TREE_COLUMNS}
                      label="Decoded entries"
                      selectedId={selectedNode}
                      onSelect={showEntry}
                      filter={treeFilter}
                      defaultExpandDepth={view.entries.length <= 8 ? 2 : 0}
                      rowHeight={22}
                      empty="No field or value matches."
                    />
                  </>
                )}
              </div>
            }
            second={
              <div className="pane">
                <HexView source={source} label="Hex view" highlights={highlights} scrollToOffset={mark ? mark.offset : null} scrollKey={mark?.seq} inspector={false} />
              </div>
            }
          />
        )}
      </div>
    </div>
  );
}
