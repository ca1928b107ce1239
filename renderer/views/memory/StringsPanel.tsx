// Strings: printable runs (ASCII and/or UTF-16LE, at least N characters) in a process or one of
// its regions, extracted by a job and streamed into a virtualized list; a click opens the hex view.
import { useCallback, useMemo, useState, type FormEvent } from 'react';
import type { MemoryRegion, StringHit } from '../../../shared/model';
import { formatBytes } from '../../../shared/text';
import { SafeText } from '../../components/SafeText';
import { call } from '../../lib/api';
import { StreamList, type StreamColumn } from './StreamList';
import { useStreamedJob } from './useStreamedJob';
import { plural } from '../../lib/plural';

export interface StringsPanelProps {
  archiveId: string;
  pid: number | null;
  /** The region shown in the hex view, if one is chosen (offered as the scope). */
  region: MemoryRegion | null;
  onOpen(hit: StringHit): void;
}

type StringsStats = { bytesScanned: number; count: number; limitReached: boolean };

export function StringsPanel({ archiveId, pid, region, onOpen }: StringsPanelProps) {
  const [minLength, setMinLength] = useState(6);
  const [ascii, setAscii] = useState(true);
  const [utf16, setUtf16] = useState(false);
  const [filter, setFilter] = useState('');
  const [inRegion, setInRegion] = useState(false);
  const [selected, setSelected] = useState<number | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const fetch = useCallback(
    (jobId: string, from: number, max: number) =>
      call('getStrings', jobId, from, max).then((p) => ({ status: p.status, items: p.strings, total: p.total })),
    [],
  );
  const job = useStreamedJob<StringHit, StringsStats>(fetch);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (pid === null) return setProblem('Pick a process first.');
    const encodings = [...(ascii ? (['ascii'] as const) : []), ...(utf16 ? (['utf16le'] as const) : [])];
    if (encodings.length === 0) return setProblem('Choose ASCII, UTF-16LE or both.');
    if (!Number.isInteger(minLength) || minLength < 1 || minLength > 1024) return setProblem('Minimum length: 1 to 1024 characters.');
    setProblem(null);
    setSelected(null);
    const range = inRegion && region ? { start: region.start, end: region.end } : undefined;
    job.start(() => call('startStrings', archiveId, { pid, range, minLength, encodings, filter: filter || undefined }));
  };

  const columns = useMemo<StreamColumn<StringHit>[]>(
    () => [
      { id: 'address', header: 'Address', width: '130px', cell: (s) => <span className="mono">{s.address}</span> },
      { id: 'encoding', header: 'Enc.', width: '64px', cell: (s) => (s.encoding === 'ascii' ? 'ASCII' : 'UTF-16LE') },
      { id: 'length', header: 'Length', width: '64px', cell: (s) => <span className="num">{s.text.length}</span> },
      { id: 'text', header: 'Text', width: '1fr', cell: (s) => <SafeText className="mono" text={s.text} limit={300} title /> },
    ],
    [],
  );

  const status = job.status;
  const fraction = status && status.total > 0 ? status.done / status.total : 0;
  return (
    <section className="mem-strings" aria-label="Strings">
      <form className="mem-search-form" onSubmit={submit}>
        <label className="field">
          Min length
          <input type="number" min={1} max={1024} value={minLength} onChange={(e) => setMinLength(Number(e.target.value))} className="num-input" />
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={ascii} onChange={(e) => setAscii(e.target.checked)} />
          ASCII
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={utf16} onChange={(e) => setUtf16(e.target.checked)} />
          UTF-16LE
        </label>
        <input type="search" aria-label="Filter strings" placeholder="Containing…" value={filter} onChange={(e) => setFilter(e.target.value)} />
        <label className="checkbox" title={region ? `${region.start}–${region.end}` : 'Click a region in the table first'}>
          <input type="checkbox" checked={inRegion && region !== null} disabled={!region} onChange={(e) => setInRegion(e.target.checked)} />
          Selected region only
        </label>
        {job.running ? (
          <button type="button" onClick={job.cancel}>
            Cancel
          </button>
        ) : (
          <button type="submit" className="primary" disabled={pid === null}>
            Extract strings
          </button>
        )}
      </form>
      {(problem || job.error) && (
        <div className="error-text inline-error" role="alert">
          {problem ?? job.error}
        </div>
      )}
      {status && (
        <div className="mem-search-status" role="status">
          {job.running && <progress max={1} value={fraction} aria-label="Strings progress" />}
          <span>
            {job.running ? 'Extracting… ' : status.state === 'cancelled' ? 'Cancelled. ' : 'Done. '}
            {plural(job.count, 'string')}
            {status.result ? ` · ${formatBytes(status.result.bytesScanned)} scanned` : ''}
          </span>
          {status.result?.limitReached && <span className="warning-text">Limit reached: raise the minimum length or add a filter.</span>}
        </div>
      )}
      <StreamList
        label="Strings"
        count={job.count}
        rowAt={job.rowAt}
        onVisibleRange={job.request}
        columns={columns}
        selected={selected}
        onSelect={setSelected}
        onActivate={(s) => onOpen(s)}
        empty={status ? (job.running ? 'Nothing yet…' : 'No strings.') : 'Printable runs of the process appear here.'}
      />
    </section>
  );
}
