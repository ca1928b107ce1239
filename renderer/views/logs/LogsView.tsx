// Logs view: the container's stdout/stderr log (CRI records, partial lines joined) and CRIU's dump
// log, each as a windowed list over readLogLines — never all lines at once — with filters, a
// Local/UTC time toggle, jump to time / line and index progress while the log is being indexed.
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import type { ArchiveSummary, LogKind, LogLine, LogQuery, LogSummary } from '../../../shared/model';
import { formatCount } from '../../../shared/text';
import { ErrorBox } from '../../components/ErrorBox';
import { ProgressBar } from '../../components/ProgressBar';
import { SafeText } from '../../components/SafeText';
import { Empty, Loading } from '../../components/States';
import { call, errorText, useJob } from '../../lib/api';
import type { NavigationFocus } from '../../lib/navigation';
import { findLineAtTime, useLogLines } from './logLines';
import { formatLogTime, parseLogTime } from './logTime';
import { VirtualLines } from './VirtualLines';
import '../memory/view-controls.css';
import './logs.css';
import { plural } from '../../lib/plural';

const ROW_HEIGHT = 20;
const SUMMARY_POLL_MS = 400;

export function LogsView(props: { archiveId: string; summary: ArchiveSummary; focus?: NavigationFocus }) {
  const [kind, setKind] = useState<LogKind>('container');
  // A navigation to a line of the container log (each navigation is a new object).
  const lineFocus = props.focus?.line !== undefined ? props.focus : undefined;
  useEffect(() => {
    if (lineFocus) setKind('container');
  }, [lineFocus]);
  return (
    <div className="logs-view bview">
      <div className="segmented logs-switch" role="group" aria-label="Log">
        {(['container', 'criu'] as const).map((k) => (
          <button
            key={k}
            type="button"
            aria-pressed={kind === k}
            onClick={() => setKind(k)}
          >
            {k === 'container' ? 'Container log' : 'CRIU log'}
          </button>
        ))}
      </div>
      <LogPanel key={`${props.archiveId}:${kind}`} archiveId={props.archiveId} kind={kind} focus={kind === 'container' ? lineFocus : undefined} />
    </div>
  );
}

type SummaryState = { status: 'loading' } | { status: 'error'; error: unknown } | { status: 'absent' } | { status: 'ready'; summary: LogSummary };

/** Loads the log summary and keeps polling it while the index job is still counting lines. */
function useLogSummary(archiveId: string, kind: LogKind): SummaryState {
  const [state, setState] = useState<SummaryState>({ status: 'loading' });
  useEffect(() => {
    let live = true;
    let timer: number | undefined;
    const load = async () => {
      try {
        const summary = await call('getLogSummary', archiveId, kind);
        if (!live) return;
        if (summary && !summary.complete) {
          // An index job that failed or was cancelled never completes: say why instead of waiting.
          const job = await call('getJob', summary.indexJobId);
          if (!live) return;
          if (job.state === 'failed' || job.state === 'cancelled') {
            setState({ status: 'error', error: job.error ?? { name: 'Error', message: `indexing the log was ${job.state}`, file: summary.entryPath } });
            return;
          }
          timer = window.setTimeout(load, SUMMARY_POLL_MS);
        }
        setState(summary ? { status: 'ready', summary } : { status: 'absent' });
      } catch (e) {
        if (live) setState({ status: 'error', error: e });
      }
    };
    void load();
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [archiveId, kind]);
  return state;
}

function LogPanel({ archiveId, kind, focus }: { archiveId: string; kind: LogKind; focus?: NavigationFocus }) {
  const state = useLogSummary(archiveId, kind);
  const name = kind === 'container' ? 'container log' : 'CRIU log';
  if (state.status === 'loading') return <Loading what={`the ${name}`} />;
  if (state.status === 'error') return <ErrorBox error={state.error} title={`Could not open the ${name}`} />;
  if (state.status === 'absent')
    return (
      <Empty title={`No ${name}`}>
        {kind === 'container'
          ? 'The archive holds no container log (io.kubernetes.cri-o.LogPath, ctr.log or container.log).'
          : 'The archive holds no CRIU dump log (dump.log).'}
      </Empty>
    );
  return <LogBody archiveId={archiveId} kind={kind} summary={state.summary} focus={focus} />;
}

interface Filter {
  stream?: 'stdout' | 'stderr';
  level?: 'error' | 'warning';
  text: string;
  regex: boolean;
}

const isFiltering = (f: Filter) => Boolean(f.stream || f.level || f.text);

function LogBody({ archiveId, kind, summary, focus }: { archiveId: string; kind: LogKind; summary: LogSummary; focus?: NavigationFocus }) {
  const [utc, setUtc] = useState(true);
  const [draft, setDraft] = useState<Filter>({ text: '', regex: false });
  const [filter, setFilter] = useState<Filter>({ text: '', regex: false });
  const [filtered, setFiltered] = useState<{ lines: number[]; limitReached: boolean } | null>(null);
  const [filterError, setFilterError] = useState<string | null>(null);
  const [filtering, setFiltering] = useState(false);
  const [selected, setSelected] = useState<number | null>(null);
  const [scrollTarget, setScrollTarget] = useState<{ row: number; seq: number } | null>(null);
  const [jumpText, setJumpText] = useState('');
  const [jumpError, setJumpError] = useState<string | null>(null);
  /** Line number of the selection, read when a new filter result arrives. */
  const selectedLineRef = useRef<number | null>(null);

  const read = useCallback((start: number, count: number) => call('readLogLines', archiveId, kind, start, count), [archiveId, kind]);
  const source = useLogLines(read, kind, summary.lines, filtered?.lines ?? null, errorText);
  const count = filtered ? filtered.lines.length : summary.lines;

  // Stream/level choices apply at once; text applies on Enter or after a pause in typing.
  useEffect(() => {
    const t = window.setTimeout(() => setFilter(draft), draft.text === filter.text ? 0 : 350);
    return () => window.clearTimeout(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [draft]);

  const filteredRef = useRef(filtered);
  filteredRef.current = filtered;
  useEffect(() => {
    if (!isFiltering(filter)) {
      // Back to every line: the selection becomes the line it showed.
      const line = selectedLineRef.current;
      if (filteredRef.current && line !== null) {
        setSelected(line);
        setScrollTarget((t) => ({ row: line, seq: (t?.seq ?? 0) + 1 }));
      }
      setFiltered(null);
      setFilterError(null);
      return;
    }
    let live = true;
    const query: LogQuery = { kind, stream: filter.stream, level: filter.level, text: filter.text || undefined, regex: filter.regex || undefined };
    setFiltering(true);
    call('filterLog', archiveId, query).then(
      (result) => {
        if (!live) return;
        setFiltered(result);
        setFilterError(null);
        setFiltering(false);
        // Keep the analyst's place: the match nearest the selected line, else the first match.
        const line = selectedLineRef.current;
        const row = line === null ? 0 : nearestRow(result.lines, line);
        setSelected(line === null || result.lines.length === 0 ? null : row);
        setScrollTarget((t) => ({ row, seq: (t?.seq ?? 0) + 1 }));
      },
      (e: unknown) => {
        if (!live) return;
        setFilterError(errorText(e));
        setFiltering(false);
      },
    );
    return () => {
      live = false;
    };
    // Re-run once indexing completes so the result covers the whole log.
  }, [archiveId, kind, filter, summary.complete]);

  const go = (row: number) => {
    setSelected(row);
    setScrollTarget((t) => ({ row, seq: (t?.seq ?? 0) + 1 }));
  };

  // Jump to a line another view asked for (0-based line index), once per navigation; with a filter
  // on, to the nearest matching line.
  const handledFocus = useRef<NavigationFocus | null>(null);
  useEffect(() => {
    if (!focus || focus.line === undefined || handledFocus.current === focus || summary.lines === 0) return;
    if (focus.line >= summary.lines && !summary.complete) return; // not indexed yet: wait
    handledFocus.current = focus;
    const line = Math.min(Math.max(0, Math.trunc(focus.line)), summary.lines - 1);
    if (filtered && filtered.lines.length === 0) return;
    go(filtered ? nearestRow(filtered.lines, line) : line);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [focus, summary.lines, summary.complete]);

  const jump = async (e: FormEvent) => {
    e.preventDefault();
    setJumpError(null);
    const text = jumpText.trim();
    if (!text || summary.lines === 0) return;
    let line: number;
    if (/^#?\d+$/.test(text)) {
      line = Math.min(Math.max(0, Number(text.replace('#', '')) - 1), summary.lines - 1);
    } else {
      const first = (await read(0, 8).catch(() => [] as LogLine[])).find((l) => l.timeMs !== undefined);
      const target = parseLogTime(text, utc, first?.timeMs);
      if (target === null) {
        setJumpError('Type a line number or a time such as 2026-12-03 21:34:50 or 21:34:50');
        return;
      }
      try {
        line = await findLineAtTime(read, summary.lines, target);
      } catch (err) {
        setJumpError(errorText(err));
        return;
      }
    }
    if (filtered && filtered.lines.length === 0) return;
    go(filtered ? nearestRow(filtered.lines, line) : line);
  };

  const selectedLine = selected !== null ? source.lineAt(selected) : undefined;
  selectedLineRef.current = selected !== null ? source.lineIndexOf(selected) : null;

  return (
    <div className="log-body">
      <LogHeader summary={summary} kind={kind} utc={utc} onLevel={(level) => setDraft((d) => ({ ...d, level }))} />
      <form className="log-toolbar" onSubmit={(e) => void jump(e)}>
        {kind === 'container' ? (
          <Choice
            label="Stream"
            value={draft.stream ?? 'all'}
            options={[['all', 'All'], ['stdout', 'stdout'], ['stderr', 'stderr']]}
            onChange={(v) => setDraft((d) => ({ ...d, stream: v === 'all' ? undefined : (v as Filter['stream']) }))}
          />
        ) : (
          <Choice
            label="Level"
            value={draft.level ?? 'all'}
            options={[['all', 'All'], ['error', 'Errors'], ['warning', 'Warnings']]}
            onChange={(v) => setDraft((d) => ({ ...d, level: v === 'all' ? undefined : (v as Filter['level']) }))}
          />
        )}
        <input
          type="search"
          className="log-filter-input"
          aria-label="Filter log"
          placeholder={draft.regex ? 'Regular expression' : 'Filter text'}
          value={draft.text}
          onChange={(e) => setDraft((d) => ({ ...d, text: e.target.value }))}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              setFilter(draft);
            }
          }}
        />
        <label className="checkbox">
          <input type="checkbox" checked={draft.regex} onChange={(e) => setDraft((d) => ({ ...d, regex: e.target.checked }))} />
          Regex
        </label>
        <span className="log-count" aria-live="polite">
          {filtering
            ? 'Filtering…'
            : filtered
              ? `${formatCount(filtered.lines.length)} of ${plural(summary.lines, 'line')}${filtered.limitReached ? ' (limit reached)' : ''}`
              : plural(summary.lines, 'line')}
        </span>
        <span className="grow" />
        {kind === 'container' && (
          <Choice label="Time zone" value={utc ? 'utc' : 'local'} options={[['local', 'Local'], ['utc', 'UTC']]} onChange={(v) => setUtc(v === 'utc')} />
        )}
        <input
          className="log-jump-input"
          aria-label="Jump to time or line"
          placeholder={kind === 'container' ? 'Jump to time or line #' : 'Jump to line #'}
          value={jumpText}
          onChange={(e) => setJumpText(e.target.value)}
        />
        <button type="submit">Go</button>
      </form>
      {(filterError || jumpError || source.error) && (
        <div className="error-text inline-error" role="alert">
          {filterError ?? jumpError ?? source.error}
        </div>
      )}
      <VirtualLines
        count={count}
        rowHeight={ROW_HEIGHT}
        label={kind === 'container' ? 'Container log' : 'CRIU log'}
        header={<LogColumns kind={kind} utc={utc} />}
        selected={selected}
        onSelect={setSelected}
        onVisibleRange={source.request}
        scrollTarget={scrollTarget}
        empty={filtered ? 'No line matches the filter.' : summary.complete ? 'The log is empty.' : 'Indexing…'}
        renderRow={(row) => <LogRow kind={kind} utc={utc} index={source.lineIndexOf(row)} line={source.lineAt(row)} />}
      />
      <LineDetail line={selectedLine} kind={kind} utc={utc} />
    </div>
  );
}

/** Row of the filtered list nearest to (at or after) a line number. */
function nearestRow(lines: number[], line: number): number {
  let lo = 0;
  let hi = lines.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (lines[mid] < line) lo = mid + 1;
    else hi = mid;
  }
  return Math.min(lo, Math.max(0, lines.length - 1));
}

/** A record time as the table shows it (Local/UTC), or the raw text when it does not parse. */
function shownTime(raw: string, utc: boolean): string {
  const ms = parseLogTime(raw, true);
  return ms === null ? raw : formatLogTime(ms, utc);
}

function LogHeader(props: { summary: LogSummary; kind: LogKind; utc: boolean; onLevel(level: 'error' | 'warning'): void }) {
  const { summary, kind, utc, onLevel } = props;
  const job = useJob(summary.complete ? null : summary.indexJobId);
  return (
    <div className="log-header">
      <span className="log-path mono" title={summary.entryPath}>
        <SafeText text={summary.entryPath} />
      </span>
      {kind === 'container' ? (
        <>
          <span>{plural(summary.records, 'record')}</span>
          <span className="stream-out">{formatCount(summary.stdout)} stdout</span>
          <span className="stream-err">{formatCount(summary.stderr)} stderr</span>
          {summary.partialRecords > 0 && <span>{formatCount(summary.partialRecords)} partial records joined</span>}
        </>
      ) : (
        <>
          <button type="button" className={`count-badge level-error${summary.errors ? '' : ' zero'}`} onClick={() => onLevel('error')}>
            {plural(summary.errors, 'error')}
          </button>
          <button type="button" className={`count-badge level-warning${summary.warnings ? '' : ' zero'}`} onClick={() => onLevel('warning')}>
            {plural(summary.warnings, 'warning')}
          </button>
        </>
      )}
      {summary.first && summary.last && kind === 'container' && (
        <span className="muted log-range" title={`${summary.first} → ${summary.last} (as written)`}>
          {shownTime(summary.first, utc)} → {shownTime(summary.last, utc)} {utc ? 'UTC' : 'local'}
        </span>
      )}
      {!summary.complete && (
        <span className="log-indexing" role="status">
          Indexing… {plural(summary.lines, 'line')}
          <ProgressBar done={job?.done ?? 0} total={job?.total ?? 0} label="Log index progress" />
        </span>
      )}
    </div>
  );
}

function Choice(props: { label: string; value: string; options: Array<[string, string]>; onChange(value: string): void }) {
  return (
    <span className="segmented" role="group" aria-label={props.label}>
      {props.options.map(([value, text]) => (
        <button
          key={value}
          type="button"
          aria-pressed={props.value === value}
          onClick={() => props.onChange(value)}
        >
          {text}
        </button>
      ))}
    </span>
  );
}

function LogColumns({ kind, utc }: { kind: LogKind; utc: boolean }) {
  return (
    <div className={`log-row log-columns log-${kind}`} role="row">
      <span role="columnheader" className="col-line">
        #
      </span>
      <span role="columnheader" className="col-time">
        {kind === 'container' ? `Time (${utc ? 'UTC' : 'local'})` : 'Time (s)'}
      </span>
      <span role="columnheader" className="col-tag">
        {kind === 'container' ? 'Stream' : 'Level'}
      </span>
      <span role="columnheader" className="col-text">
        Text
      </span>
    </div>
  );
}

function timeCell(line: LogLine, kind: LogKind, utc: boolean): string {
  if (kind === 'container' && line.timeMs !== undefined) return formatLogTime(line.timeMs, utc);
  return line.time ?? '';
}

function LogRow({ kind, utc, index, line }: { kind: LogKind; utc: boolean; index: number; line: LogLine | undefined }) {
  if (!line) {
    return (
      <div className={`log-row log-${kind} log-pending`}>
        <span className="col-line">{index + 1}</span>
        <span className="col-time" />
        <span className="col-tag" />
        <span className="col-text muted">…</span>
      </div>
    );
  }
  const tone = line.malformed ? 'malformed' : kind === 'container' ? (line.stream ?? 'none') : (line.level ?? 'none');
  return (
    <div className={`log-row log-${kind} tone-${tone}`}>
      <span role="cell" className="col-line">
        {line.index + 1}
      </span>
      <span role="cell" className="col-time" title={line.time}>
        {timeCell(line, kind, utc)}
      </span>
      <span role="cell" className="col-tag">
        {line.malformed ? (
          <span className="tag tag-malformed" title="This record does not parse; shown raw">
            raw
          </span>
        ) : kind === 'container' ? (
          line.stream && (
            <span className={`tag tag-${line.stream}`}>
              {line.stream === 'stderr' ? '▲ ' : ''}
              {line.stream}
            </span>
          )
        ) : (
          line.level && line.level !== 'info' && <span className={`tag tag-${line.level}`}>{line.level}</span>
        )}
      </span>
      <span role="cell" className="col-text">
        {line.records > 1 && (
          <span className="tag tag-joined" title={`${line.records} partial records joined into this line`}>
            {line.records} joined
          </span>
        )}
        {line.truncated && (
          <span className="tag tag-truncated" title="Line cut at the display limit">
            cut
          </span>
        )}
        <SafeText text={line.text} limit={2000} />
      </span>
    </div>
  );
}

function LineDetail({ line, kind, utc }: { line: LogLine | undefined; kind: LogKind; utc: boolean }) {
  const facts = useMemo(() => {
    if (!line) return [];
    const out: Array<[string, string]> = [
      ['Line', String(line.index + 1)],
      ['Offset', `${line.offset} (0x${line.offset.toString(16)})`],
    ];
    if (line.time) out.push(['Time as written', line.time]);
    if (line.timeMs !== undefined && kind === 'container') out.push([utc ? 'UTC' : 'Local', formatLogTime(line.timeMs, utc)]);
    if (line.stream) out.push(['Stream', line.stream]);
    if (line.level) out.push(['Level', line.level]);
    if (line.records > 1) out.push(['Records', `${line.records} joined (partial P records + final F)`]);
    if (line.malformed) out.push(['Record', 'does not parse — shown raw']);
    if (line.truncated) out.push(['Length', 'cut at the display limit']);
    return out;
  }, [line, kind, utc]);
  if (!line) return <div className="log-detail muted">Select a line to see it whole.</div>;
  return (
    <div className="log-detail" aria-label="Selected line">
      <dl className="log-facts">
        {facts.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      <div className="log-detail-text mono">
        <SafeText text={line.text} multiline limit={20000} />
      </div>
    </div>
  );
}
