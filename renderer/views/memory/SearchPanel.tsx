// Memory search: a pattern in one or several encodings, over one process or all of them, run as a
// job whose hits stream into a virtualized table. Clicking a hit opens it in the hex view.
import { useCallback, useId, useMemo, useState, type FormEvent } from 'react';
import type { SearchEncoding, SearchHit } from '../../../shared/model';
import { plural } from '../../lib/plural';
import { formatBytes } from '../../../shared/text';
import { SafeText } from '../../components/SafeText';
import { call } from '../../lib/api';
import { ENCODING_LABELS, contextParts, patternProblem } from './hitContext';
import { StreamList, type StreamColumn } from './StreamList';
import { useStreamedJob } from './useStreamedJob';

const ENCODINGS: SearchEncoding[] = ['ascii', 'utf16le', 'hex', 'regex'];

export interface SearchPanelProps {
  archiveId: string;
  /** The process picked in the memory view, offered as the search scope. */
  pid: number | null;
  comm?: string;
  onOpenHit(hit: SearchHit): void;
}

type SearchStats = { bytesScanned: number; elapsedMs: number; hits: number; limitReached: boolean };

export function SearchPanel({ archiveId, pid, comm, onOpenHit }: SearchPanelProps) {
  const [pattern, setPattern] = useState('');
  const [encodings, setEncodings] = useState<SearchEncoding[]>(['ascii']);
  const [ignoreCase, setIgnoreCase] = useState(false);
  const [allProcesses, setAllProcesses] = useState(true);
  const [problem, setProblem] = useState<string | null>(null);
  const [selected, setSelected] = useState<number | null>(null);
  const scopeName = useId();

  const fetch = useCallback(
    (jobId: string, from: number, max: number) =>
      call('getSearchResults', jobId, from, max).then((p) => ({ status: p.status, items: p.hits, total: p.totalHits })),
    [],
  );
  const job = useStreamedJob<SearchHit, SearchStats>(fetch);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const issue = patternProblem(pattern, encodings);
    setProblem(issue);
    if (issue) return;
    setSelected(null);
    job.start(() =>
      call('startSearch', archiveId, {
        pattern,
        encodings,
        ignoreCase: ignoreCase || undefined,
        pid: allProcesses || pid === null ? undefined : pid,
      }),
    );
  };

  const toggle = (encoding: SearchEncoding) =>
    setEncodings((list) => (list.includes(encoding) ? list.filter((e) => e !== encoding) : [...list, encoding]));

  const columns = useMemo<StreamColumn<SearchHit>[]>(
    () => [
      { id: 'pid', header: 'PID', width: '48px', cell: (h) => h.pid },
      { id: 'comm', header: 'Process', width: '84px', cell: (h) => <SafeText text={h.comm} /> },
      { id: 'address', header: 'Address', width: '116px', cell: (h) => <span className="mono">{h.address}</span> },
      {
        id: 'region',
        header: 'Region',
        width: 'minmax(90px, 1fr)',
        cell: (h) => (
          <span title={`${h.region.start}–${h.region.end} ${h.region.prot}`}>
            <span className="mono muted">{h.region.prot}</span> <SafeText text={h.region.path || '[anon]'} />
          </span>
        ),
      },
      { id: 'encoding', header: 'Enc.', width: '66px', cell: (h) => ENCODING_LABELS[h.encoding] },
      { id: 'context', header: 'Context', width: 'minmax(140px, 2fr)', cell: (h) => <HitContext hit={h} /> },
    ],
    [],
  );

  const status = job.status;
  const stats = status?.result;
  const fraction = status && status.total > 0 ? status.done / status.total : 0;

  return (
    <section className="mem-search" aria-label="Memory search">
      <form className="mem-search-form" onSubmit={submit}>
        <input
          type="search"
          aria-label="Search memory"
          className="mem-search-input mono"
          placeholder={encodings.includes('hex') ? 'de ad be ef' : encodings.includes('regex') ? 'RANDOM_\\d+_KEY' : 'Text to find in memory'}
          value={pattern}
          onChange={(e) => setPattern(e.target.value)}
        />
        {job.running ? (
          <button type="button" onClick={job.cancel}>
            Cancel
          </button>
        ) : (
          <button type="submit" className="primary">
            Search
          </button>
        )}
        <div className="mem-search-options">
          <span role="group" aria-label="Encodings" className="option-group">
            {ENCODINGS.map((encoding) => (
              <label key={encoding} className="checkbox">
                <input type="checkbox" checked={encodings.includes(encoding)} onChange={() => toggle(encoding)} />
                {ENCODING_LABELS[encoding]}
              </label>
            ))}
          </span>
          <label className="checkbox">
            <input type="checkbox" checked={ignoreCase} onChange={(e) => setIgnoreCase(e.target.checked)} />
            Case-insensitive
          </label>
          <span role="radiogroup" aria-label="Search scope" className="option-group">
            <label className="checkbox">
              <input type="radio" name={scopeName} checked={allProcesses} onChange={() => setAllProcesses(true)} />
              All processes
            </label>
            <label className="checkbox">
              <input type="radio" name={scopeName} checked={!allProcesses} disabled={pid === null} onChange={() => setAllProcesses(false)} />
              {pid === null ? 'Selected process' : <ScopeLabel pid={pid} comm={comm} />}
            </label>
          </span>
        </div>
      </form>
      {problem && (
        <div className="error-text inline-error" role="alert">
          {problem}
        </div>
      )}
      {job.error && (
        <div className="error-text inline-error" role="alert">
          {job.error}
        </div>
      )}
      {status && (
        <div className="mem-search-status" role="status">
          {job.running && <progress max={1} value={fraction} aria-label="Search progress" />}
          <span>
            {job.running ? 'Searching… ' : status.state === 'cancelled' ? 'Cancelled. ' : status.state === 'failed' ? 'Failed. ' : 'Done. '}
            {plural(job.count, 'hit')}
            {stats ? ` · ${formatBytes(stats.bytesScanned)} scanned · ${(stats.elapsedMs / 1000).toFixed(2)} s` : status.total ? ` · ${formatBytes(status.done)} of ${formatBytes(status.total)}` : ''}
          </span>
          {stats?.limitReached && <span className="warning-text">Hit limit reached: narrow the search to see every match.</span>}
        </div>
      )}
      <StreamList
        label="Search results"
        count={job.count}
        rowAt={job.rowAt}
        onVisibleRange={job.request}
        columns={columns}
        selected={selected}
        onSelect={setSelected}
        onActivate={(hit) => onOpenHit(hit)}
        empty={status ? (job.running ? 'No hits yet…' : 'No hits.') : 'Hits appear here as the search runs.'}
      />
    </section>
  );
}

function ScopeLabel({ pid, comm }: { pid: number; comm?: string }) {
  return (
    <span>
      {`PID ${pid}`}
      {comm && (
        <>
          {' ('}
          <SafeText text={comm} />
          {')'}
        </>
      )}
    </span>
  );
}

function HitContext({ hit }: { hit: SearchHit }) {
  // contextParts yields only printable ASCII (everything else became "."), so plain text nodes are
  // safe here and keep each row's DOM small.
  const parts = contextParts(hit.context, hit.contextBefore, hit.length, hit.encoding);
  return (
    <span className="hit-context mono">
      {parts.before}
      <mark>{parts.match}</mark>
      {parts.after}
    </span>
  );
}
