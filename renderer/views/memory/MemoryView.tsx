// Memory view: pick a process, browse its regions (VMAs) with filters, read its memory in the hex
// view (the whole address space with region boundaries, or one region), search all processes and
// extract strings. Search hits and strings open in the hex view with the match highlighted.
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { ArchiveSummary, MemoryRegion, ProcessInfo, SearchHit, StringHit } from '../../../shared/model';
import { formatBytes, parseHex } from '../../../shared/text';
import { HexView, type HexHighlight } from '../../components/HexView';
import { SafeText } from '../../components/SafeText';
import { Splitter } from '../../components/Splitter';
import { ErrorBox, WarningList } from '../../components/ErrorBox';
import { Empty, Loading } from '../../components/States';
import { call, useAsync } from '../../lib/api';
import type { NavigationFocus } from '../../lib/navigation';
import { createAddressSpaceSource, describePointerIn, layOut, regionAt, type LaidOutRegion } from './addressSpaceSource';
import { RegionsTable } from './RegionsTable';
import { SearchPanel } from './SearchPanel';
import { StringsPanel } from './StringsPanel';
import './view-controls.css';
import './memory.css';
import { plural } from '../../lib/plural';

export interface MemoryViewProps {
  archiveId: string;
  summary: ArchiveSummary;
  /** A navigation from another view; each navigation is a new object and is acted on once. */
  focus?: NavigationFocus;
}

/** Something to show in the hex view: an address and how many bytes to highlight there. */
interface Target {
  pid: number;
  address: bigint;
  length: number;
  seq: number;
}

export function MemoryView({ archiveId, focus }: MemoryViewProps) {
  const processes = useAsync(() => call('getProcesses', archiveId), [archiveId]);
  const [pid, setPid] = useState<number | null>(focus?.pid ?? null);
  const [target, setTarget] = useState<Target | null>(null);
  const [panel, setPanel] = useState<'search' | 'strings'>('search');
  /** The one region the hex view is limited to, or null for the whole address space. */
  const [only, setOnly] = useState<MemoryRegion | null>(null);
  const pick = useCallback((next: number) => {
    setPid(next);
    setOnly(null);
  }, []);

  const list = processes.status === 'done' ? processes.value : [];
  useEffect(() => {
    if (pid === null && list.length > 0) setPid(list[0].pid);
  }, [pid, list]);

  const aim = useCallback(
    (next: Omit<Target, 'seq'>) => {
      if (next.pid !== pid) pick(next.pid);
      setTarget((t) => ({ ...next, seq: (t?.seq ?? 0) + 1 }));
    },
    [pid, pick],
  );

  // A navigation from another view (Processes -> memory of pid 7 at an address), acted on once per
  // distinct focus so the analyst can pick another process afterwards.
  const lastFocus = useRef<NavigationFocus | null>(null);
  useEffect(() => {
    if (!focus || focus.pid === undefined || lastFocus.current === focus) return;
    lastFocus.current = focus;
    const address = focus.address ? parseHex(focus.address) : null;
    if (address !== null) aim({ pid: focus.pid, address, length: 1 });
    else pick(focus.pid);
  }, [focus, aim, pick]);

  const current = list.find((p) => p.pid === pid);
  const openHit = useCallback((hit: SearchHit) => aim({ pid: hit.pid, address: BigInt(hit.address), length: hit.length }), [aim]);
  const openString = useCallback(
    (s: StringHit) => aim({ pid: s.pid, address: BigInt(s.address), length: s.length }),
    [aim],
  );

  if (processes.status === 'loading') return <Loading what="processes" />;
  if (processes.status === 'error') return <ErrorBox error={processes.error} title="Could not list the processes" onRetry={processes.reload} />;
  if (list.length === 0)
    return <Empty title="No processes">This checkpoint has no process images (pstree.img), so there is no memory to show.</Empty>;

  return (
    <div className="memory-view bview">
      <div className="memory-top">
        <ProcessPicker processes={list} pid={pid} onPick={pick} />
        {current?.memory && (
          <span className="muted">
            {plural(current.memory.regions, 'region')} · {formatBytes(current.memory.dumpedBytes)} in dump
            {current.memory.sharedBytes ? ` · ${formatBytes(current.memory.sharedBytes)} shared` : ''}
          </span>
        )}
      </div>
      {pid !== null && (
        <ProcessMemory
          archiveId={archiveId}
          pid={pid}
          target={target && target.pid === pid ? target : null}
          only={only}
          onOnly={setOnly}
          lower={
            <div className="memory-panels">
              <div className="memory-panel-tabs" role="tablist" aria-label="Memory tools">
                {(['search', 'strings'] as const).map((p) => (
                  <button
                    key={p}
                    type="button"
                    role="tab"
                    aria-selected={panel === p}
                    className={panel === p ? 'subtab subtab-on' : 'subtab'}
                    onClick={() => setPanel(p)}
                  >
                    {p === 'search' ? 'Search' : 'Strings'}
                  </button>
                ))}
              </div>
              {/* Both stay mounted so a running job and its results survive switching. */}
              <div className="memory-panel" hidden={panel !== 'search'}>
                <SearchPanel archiveId={archiveId} pid={pid} comm={current?.comm} onOpenHit={openHit} />
              </div>
              <div className="memory-panel" hidden={panel !== 'strings'}>
                <StringsPanel archiveId={archiveId} pid={pid} region={only} onOpen={openString} />
              </div>
            </div>
          }
        />
      )}
    </div>
  );
}

function ProcessPicker({ processes, pid, onPick }: { processes: ProcessInfo[]; pid: number | null; onPick(pid: number): void }) {
  return (
    <label className="field">
      Process
      <select value={pid ?? ''} onChange={(e) => onPick(Number(e.target.value))} aria-label="Process">
        {processes.map((p) => (
          <option key={p.pid} value={p.pid}>
            {p.pid} {p.comm}
            {p.state !== 'Alive' ? ` (${p.state})` : ''}
          </option>
        ))}
      </select>
    </label>
  );
}

interface ProcessMemoryProps {
  archiveId: string;
  pid: number;
  target: Target | null;
  only: MemoryRegion | null;
  onOnly(region: MemoryRegion | null): void;
  /** The search and strings panels, beside the regions table. */
  lower: ReactNode;
}

function ProcessMemory(props: ProcessMemoryProps) {
  const { archiveId, pid, target, onOnly } = props;
  const space = useAsync(() => call('getAddressSpace', archiveId, pid), [archiveId, pid]);
  // Right after a pid change the previous process's answer is still in `space` for one render.
  const current = space.status === 'done' && space.value.pid === pid ? space.value : null;
  const regions = current ? current.regions : null;
  const laid = useMemo(() => layOut(regions ?? []), [regions]);
  const only = useMemo(() => (props.only ? (laid.find((r) => r.region.start === props.only!.start) ?? null) : null), [props.only, laid]);
  const setOnly = useCallback((r: LaidOutRegion | null) => onOnly(r ? r.region : null), [onOnly]);
  const [scroll, setScroll] = useState<number | null>(null);
  const [highlight, setHighlight] = useState<HexHighlight | null>(null);

  const read = useCallback(
    (address: string, length: number) => call('readMemory', archiveId, pid, address, length),
    [archiveId, pid],
  );
  const shown = useMemo(() => (only ? [{ ...only, offset: 0 }] : laid), [only, laid]);
  const source = useMemo(() => createAddressSpaceSource(shown, read), [shown, read]);
  const describePointer = useCallback((value: bigint) => describePointerIn(laid, value), [laid]);

  // A hit or string to show (each new target once): open the whole space if the chosen region does
  // not hold it, then highlight it and scroll there.
  const handled = useRef(0);
  useEffect(() => {
    setHighlight(null);
    setScroll(null);
  }, [pid]);
  useEffect(() => {
    if (!target || laid.length === 0 || handled.current === target.seq) return;
    if (only && !(target.address >= only.start && target.address < only.end)) {
      setOnly(null);
      return; // the new source re-runs this effect
    }
    handled.current = target.seq;
    const offset = source.offsetOf(target.address);
    if (offset === null) {
      setHighlight(null);
      return;
    }
    setHighlight({ offset, length: Math.max(1, target.length), kind: 'match' });
    // Null first so the same offset scrolls again when clicked twice.
    setScroll(null);
    requestAnimationFrame(() => setScroll(offset));
  }, [target, source, laid, only, setOnly]);

  const unmapped = target && laid.length > 0 && !regionAt(laid, target.address);

  const regionsPane = (
    <div className="memory-regions">
      {(space.status === 'loading' || (space.status === 'done' && !current)) && <Loading what={`the address space of pid ${pid}`} />}
      {space.status === 'error' && <ErrorBox error={space.error} title={`Could not read the memory of pid ${pid}`} onRetry={space.reload} />}
      {current && (
        <>
          <WarningList warnings={current.warnings} />
          <RegionsTable
            regions={laid}
            chosen={only}
            onChoose={(r) => {
              setOnly(r);
              setHighlight(null);
            }}
          />
        </>
      )}
    </div>
  );

  const hexPane = (
    <div className="memory-hex">
      <div className="hex-scope">
        {only ? (
          <>
            <span>
              Region <span className="mono">{only.region.start}–{only.region.end}</span> {only.region.prot}{' '}
              <SafeText text={only.region.backing} />
            </span>
            <button type="button" onClick={() => setOnly(null)}>
              Whole address space
            </button>
          </>
        ) : (
          <span>
            Whole address space of pid {pid}: {plural(laid.length, 'region')} end to end (gaps between them omitted) ·{' '}
            {formatBytes(source.size)} mapped
          </span>
        )}
        {unmapped && <span className="warning-text">{`0x${target!.address.toString(16)} is not mapped in pid ${pid}`}</span>}
      </div>
      {current && (
        <HexView
          source={source}
          label="Hex view"
          highlights={highlight ? [highlight] : undefined}
          scrollToOffset={scroll}
          describePointer={describePointer}
        />
      )}
    </div>
  );

  // Regions and the search/strings tools side by side on top, the hex view across the bottom.
  return (
    <Splitter
      direction="vertical"
      initial={Math.max(300, Math.round((window.innerHeight - 130) / 2))}
      min={160}
      minSecond={220}
      label="Resize the hex view"
      className="memory-main"
      first={<Splitter initial={700} min={360} minSecond={380} label="Resize the regions table" first={regionsPane} second={props.lower} />}
      second={hexPane}
    />
  );
}
