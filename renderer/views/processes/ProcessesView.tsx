// Processes: the process tree as a tree table, and the selected process in detail — command line,
// environment, cwd/root/exe, credentials and capabilities, seccomp, open files, sockets, threads
// with registers, mounts, and its memory with a link into the Memory view.
import { useEffect, useMemo, useState } from 'react';
import type { ArchiveSummary, ProcessInfo } from '../../../shared/model';
import { WarningList } from '../../components/ErrorBox';
import { SafeText } from '../../components/SafeText';
import { Splitter } from '../../components/Splitter';
import { AsyncView, Empty } from '../../components/States';
import type { TableColumn } from '../../components/Table';
import { TreeTable } from '../../components/TreeTable';
import { call, useAsync } from '../../lib/api';
import type { NavigationFocus } from '../../lib/navigation';
import { ProcessDetail } from './ProcessDetail';
import { buildProcessTree } from './processTree';
import { StateBadge } from './StateBadge';
import { plural } from '../../lib/plural';

const COLUMNS: TableColumn<ProcessInfo>[] = [
  { id: 'pid', header: 'PID', width: 104, value: (p) => p.pid, mono: true, cell: (p) => <span className="mono">{p.pid}</span> },
  { id: 'comm', header: 'Command', width: 'minmax(120px, 0.6fr)', value: (p) => p.comm, cell: (p) => <SafeText text={p.comm} className="mono" /> },
  { id: 'state', header: 'State', width: 96, value: (p) => p.state, cell: (p) => <StateBadge state={p.state} exitCode={p.exitCode} /> },
  { id: 'ppid', header: 'PPID', width: 64, align: 'right', mono: true, value: (p) => p.ppid },
  { id: 'pgid', header: 'PGID', width: 64, align: 'right', mono: true, value: (p) => p.pgid },
  { id: 'sid', header: 'SID', width: 64, align: 'right', mono: true, value: (p) => p.sid },
  { id: 'threads', header: 'Threads', width: 90, align: 'right', mono: true, value: (p) => p.threads.length },
  {
    id: 'uid',
    header: 'UID:GID',
    width: 84,
    mono: true,
    value: (p) => (p.creds ? `${p.creds.uid}:${p.creds.gid}` : undefined),
  },
  {
    id: 'fds',
    header: 'FDs',
    width: 56,
    align: 'right',
    mono: true,
    value: (p) => p.fds.length,
  },
  {
    id: 'cmdline',
    header: 'Arguments',
    width: 'minmax(240px, 4fr)',
    value: (p) => p.cmdline.join(' '),
    cell: (p) => <SafeText text={p.cmdline.join(' ')} limit={300} title className="mono" />,
  },
];

export function ProcessesView({ archiveId, focus }: { archiveId: string; summary: ArchiveSummary; focus?: NavigationFocus }) {
  const processes = useAsync(() => call('getProcesses', archiveId), [archiveId]);
  return (
    <AsyncView state={processes} what="the processes">
      {(list) => <Processes archiveId={archiveId} processes={list} focusPid={focus?.pid} focus={focus} />}
    </AsyncView>
  );
}

function Processes({ archiveId, processes, focusPid, focus }: { archiveId: string; processes: ProcessInfo[]; focusPid?: number; focus?: NavigationFocus }) {
  const roots = useMemo(() => buildProcessTree(processes), [processes]);
  const [selected, setSelected] = useState<number | null>(focusPid ?? processes[0]?.pid ?? null);
  const [filter, setFilter] = useState('');
  useEffect(() => {
    if (focusPid !== undefined) setSelected(focusPid);
    // A new focus object is a new navigation, even to the same pid.
  }, [focus, focusPid]);
  const current = processes.find((p) => p.pid === selected) ?? null;
  const allWarnings = useMemo(() => processes.flatMap((p) => p.warnings), [processes]);
  if (processes.length === 0) return <Empty title="No processes">The checkpoint has no pstree.img, or it lists no tasks.</Empty>;
  const dead = processes.filter((p) => p.state === 'Dead' || p.state === 'Zombie').length;
  return (
    <Splitter
      direction="vertical"
      initial={Math.min(300, 62 + processes.length * 24 + 30)}
      min={110}
      minSecond={220}
      label="Resize process list"
      first={
        <div className="pane">
          <div className="pane-toolbar">
            <input type="search" placeholder="Filter by pid, command or argument" aria-label="Filter processes" value={filter} onChange={(e) => setFilter(e.target.value)} />
            <span className="muted nowrap">
              {plural(processes.length, 'process', 'processes')} · {plural(processes.reduce((n, p) => n + p.threads.length, 0), 'thread')}
              {dead > 0 && <span className="error-text"> · {dead} dead/zombie</span>}
            </span>
            <span className="grow" />
            {allWarnings.length > 0 && <span className="badge warn">⚠ {allWarnings.length} {allWarnings.length === 1 ? 'warning' : 'warnings'}</span>}
          </div>
          <TreeTable<ProcessInfo>
            roots={roots}
            columns={COLUMNS}
            label="Process tree"
            selectedId={selected === null ? null : String(selected)}
            onSelect={(p) => setSelected(p.pid)}
            filter={filter}
            filterFn={(p, f) => {
              const needle = f.toLowerCase();
              return String(p.pid) === f.trim() || p.comm.toLowerCase().includes(needle) || p.cmdline.some((a) => a.toLowerCase().includes(needle));
            }}
            defaultExpandDepth={64}
            rowClassName={(p) => (p.state === 'Dead' || p.state === 'Zombie' ? 'row-dead' : undefined)}
          />
        </div>
      }
      second={
        <div className="pane">
          {current ? (
            <ProcessDetail key={current.pid} archiveId={archiveId} process={current} />
          ) : (
            <Empty title="Select a process" />
          )}
          {!current && <WarningList warnings={allWarnings} />}
        </div>
      }
    />
  );
}
