// The process's regions (VMAs) with filters by permission, sharing, backing and address range, and
// how much of each region is in the dump. Choosing a region limits the hex view to it.
import { useMemo, useState } from 'react';
import type { MemoryRegion } from '../../../shared/model';
import { formatBytes, formatCount } from '../../../shared/text';
import { SafeText } from '../../components/SafeText';
import { Table, type TableColumn } from '../../components/Table';
import type { LaidOutRegion } from './addressSpaceSource';
import { EMPTY_FILTER, compileFilter, isFilterActive, type RegionFilter } from './regionFilter';
import { plural } from '../../lib/plural';

const BACKINGS: Array<[RegionFilter['backing'], string]> = [
  ['any', 'Any backing'],
  ['file', 'File'],
  ['anon', 'Anonymous'],
  ['heap', '[heap]'],
  ['stack', '[stack]'],
  ['vdso', '[vdso]'],
  ['vvar', '[vvar]'],
  ['vsyscall', '[vsyscall]'],
  ['shmem', 'Shared memory'],
  ['other', 'Other'],
];

export interface RegionsTableProps {
  regions: LaidOutRegion[];
  chosen: LaidOutRegion | null;
  onChoose(region: LaidOutRegion | null): void;
}

export function RegionsTable({ regions, chosen, onChoose }: RegionsTableProps) {
  const [filter, setFilter] = useState<RegionFilter>(EMPTY_FILTER);
  const compiled = useMemo(() => compileFilter(filter), [filter]);
  const shown = useMemo(() => regions.filter((r) => compiled.test(r.region)), [regions, compiled]);
  const present = useMemo(() => new Set(regions.map((r) => r.region.backingKind)), [regions]);
  const columns = useMemo(regionColumns, []);
  const set = (patch: Partial<RegionFilter>) => setFilter((f) => ({ ...f, ...patch }));
  const perm = (bit: 'r' | 'w' | 'x', label: string) => (
    <label className="checkbox" title={`Only regions with ${label} permission`}>
      <input type="checkbox" checked={filter.perms[bit]} onChange={(e) => set({ perms: { ...filter.perms, [bit]: e.target.checked } })} />
      {bit}
    </label>
  );

  return (
    <section className="regions" aria-label="Regions">
      <div className="regions-filters" role="group" aria-label="Region filters">
        <span className="option-group" title="Required permissions">
          {perm('r', 'read')}
          {perm('w', 'write')}
          {perm('x', 'execute')}
        </span>
        <select aria-label="Sharing" value={filter.sharing} onChange={(e) => set({ sharing: e.target.value as RegionFilter['sharing'] })}>
          <option value="any">Any sharing</option>
          <option value="private">Private</option>
          <option value="shared">Shared</option>
        </select>
        <select aria-label="Backing" value={filter.backing} onChange={(e) => set({ backing: e.target.value as RegionFilter['backing'] })}>
          {BACKINGS.filter(([k]) => k === 'any' || present.has(k)).map(([k, label]) => (
            <option key={k} value={k}>
              {label}
            </option>
          ))}
        </select>
        <input type="search" aria-label="Backing path contains" placeholder="Path contains" value={filter.text} onChange={(e) => set({ text: e.target.value })} />
        <input className="addr-input mono" aria-label="From address" placeholder="from 0x…" value={filter.from} onChange={(e) => set({ from: e.target.value })} />
        <input className="addr-input mono" aria-label="To address" placeholder="to 0x…" value={filter.to} onChange={(e) => set({ to: e.target.value })} />
        <label className="checkbox">
          <input type="checkbox" checked={filter.dumpedOnly} onChange={(e) => set({ dumpedOnly: e.target.checked })} />
          In dump
        </label>
        {isFilterActive(filter) && (
          <button type="button" className="link" onClick={() => setFilter(EMPTY_FILTER)}>
            Clear
          </button>
        )}
        <span className="muted regions-count">
          {shown.length === regions.length ? plural(regions.length, 'region') : `${formatCount(shown.length)} of ${plural(regions.length, 'region')}`}
        </span>
      </div>
      {compiled.error && <div className="error-text regions-error">{compiled.error}</div>}
      <Table<LaidOutRegion>
        data={shown}
        columns={columns}
        label="Regions"
        rowId={(r) => r.region.start}
        selectedId={chosen?.region.start ?? null}
        onSelect={(r) => onChoose(r)}
        onActivate={(r) => onChoose(r)}
        rowClassName={(r) => (r.region.dumpedBytes === 0 ? 'region-empty' : undefined)}
        empty={regions.length === 0 ? 'This process has no memory regions.' : 'No region matches the filters.'}
      />
    </section>
  );
}

function regionColumns(): TableColumn<LaidOutRegion>[] {
  return [
    { id: 'start', header: 'Start', width: 150, mono: true, value: (r) => r.start, cell: (r) => r.region.start },
    { id: 'end', header: 'End', width: 150, mono: true, value: (r) => r.end, cell: (r) => r.region.end },
    { id: 'size', header: 'Size', width: 84, align: 'right', value: (r) => r.size, cell: (r) => <span title={`${formatCount(r.size)} bytes`}>{formatBytes(r.size)}</span> },
    { id: 'prot', header: 'Perm', width: 68, mono: true, value: (r) => r.region.prot, title: 'Permissions, then s(hared) or p(rivate)' },
    {
      id: 'backing',
      header: 'Backing',
      width: 'minmax(100px, 1fr)',
      value: (r) => r.region.backing,
      cell: (r) => <Backing region={r.region} />,
    },
    {
      id: 'dumped',
      header: 'In dump',
      width: 104,
      value: (r) => r.region.dumpedBytes,
      title: 'Bytes of the region saved in the checkpoint',
      cell: (r) => <DumpBar dumped={r.region.dumpedBytes} size={r.size} />,
    },
  ];
}

function Backing({ region }: { region: MemoryRegion }) {
  const kind = region.backingKind;
  return (
    <span className={`backing backing-${kind}`}>
      {kind === 'file' || kind === 'shmem' ? <SafeText text={region.backing} title /> : <span>{kind === 'anon' ? 'anonymous' : region.backing}</span>}
      {region.shared && <span className="badge">shared</span>}
    </span>
  );
}

function DumpBar({ dumped, size }: { dumped: number; size: number }) {
  const fraction = size > 0 ? Math.min(1, dumped / size) : 0;
  return (
    <span className="dump-cell" title={`${formatCount(dumped)} of ${formatCount(size)} bytes in the dump`}>
      <span className="dump-bar" aria-hidden="true">
        <span className="dump-fill" style={{ width: `${Math.max(fraction > 0 ? 4 : 0, fraction * 100)}%` }} />
      </span>
      <span className={dumped ? 'num' : 'num faint'}>{dumped ? formatBytes(dumped) : '—'}</span>
    </span>
  );
}
