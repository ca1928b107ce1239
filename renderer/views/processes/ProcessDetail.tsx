// The detail pane of one process, in sections chosen with a segmented bar.
import { useMemo, useState } from 'react';
import type { FileDescriptor, ProcessInfo, Socket, ThreadInfo } from '../../../shared/model';
import { formatBytes, formatBytesExact, formatCount } from '../../../shared/text';
import { WarningList } from '../../components/ErrorBox';
import { KeyValue, Val } from '../../components/KeyValue';
import { SafeText } from '../../components/SafeText';
import { Section, SimpleTable } from '../../components/SimpleTable';
import { Loading } from '../../components/States';
import { call, errorText, useAsync } from '../../lib/api';
import { useNavigate } from '../../lib/navigation';
import { MountPointsTable, SpecMountsTable } from '../mounts/MountTables';
import { StateBadge } from './StateBadge';

type Part = 'summary' | 'env' | 'fds' | 'sockets' | 'threads' | 'mounts';

export function ProcessDetail({ archiveId, process: p }: { archiveId: string; process: ProcessInfo }) {
  const [part, setPart] = useState<Part>('summary');
  const navigate = useNavigate();
  const parts: Array<[Part, string]> = [
    ['summary', 'Summary'],
    ['env', `Environment (${p.env.length})`],
    ['fds', `Open files (${p.fds.length})`],
    ['sockets', `Sockets (${p.sockets.length})`],
    ['threads', `Threads (${p.threadInfo.length || p.threads.length})`],
    ['mounts', 'Mounts'],
  ];
  return (
    <div className="process-detail">
      <div className="detail-head">
        <div className="detail-title">
          <span className="mono pid">{p.pid}</span>
          <SafeText className="mono comm" text={p.comm} />
          <StateBadge state={p.state} exitCode={p.exitCode} />
          {p.memory && (
            <button type="button" className="primary small" onClick={() => navigate('Memory', { pid: p.pid })}>
              Open in Memory
            </button>
          )}
        </div>
        <div className="segmented" role="group" aria-label="Process details">
          {parts.map(([id, label]) => (
            <button key={id} type="button" aria-pressed={part === id} onClick={() => setPart(id)}>
              {label}
            </button>
          ))}
        </div>
      </div>
      <div className="detail-body">
        <WarningList warnings={p.warnings} />
        {part === 'summary' && <Summary process={p} />}
        {part === 'env' && <Environment env={p.env} />}
        {part === 'fds' && <OpenFiles fds={p.fds} />}
        {part === 'sockets' && <Sockets sockets={p.sockets} />}
        {part === 'threads' && <Threads threads={p.threadInfo} tids={p.threads} />}
        {part === 'mounts' && <Mounts archiveId={archiveId} />}
      </div>
    </div>
  );
}

/** "1 (tid 7)", "3 (tids 7, 8, 9)": the count first, then which thread ids. */
function ThreadCount({ tids }: { tids: number[] }) {
  if (tids.length === 0) return <span className="faint">—</span>;
  const shown = tids.slice(0, 16).join(', ') + (tids.length > 16 ? ', …' : '');
  return (
    <span title={tids.join(', ')}>
      {formatCount(tids.length)} <span className="muted mono">({tids.length === 1 ? 'tid' : 'tids'} {shown})</span>
    </span>
  );
}

function Summary({ process: p }: { process: ProcessInfo }) {
  const c = p.creds;
  return (
    <div className="card-grid">
      <Section title="Command line">
        {p.cmdline.length === 0 ? (
          <p className="muted">argv could not be read from memory (see warnings).</p>
        ) : (
          <ol className="argv" start={0}>
            {p.cmdline.map((arg, i) => (
              <li key={i}>
                <span className="argv-index mono muted">argv[{i}]</span>
                <SafeText className="mono" text={arg} multiline limit={2000} />
              </li>
            ))}
          </ol>
        )}
      </Section>
      <Section title="Process">
        <KeyValue
          items={[
            ['PID', <span className="mono">{p.pid}</span>],
            ['Parent PID', <span className="mono">{p.ppid}</span>],
            ['Process group', <span className="mono">{p.pgid}</span>],
            ['Session', <span className="mono">{p.sid}</span>],
            ['State', <StateBadge state={p.state} exitCode={p.exitCode} />],
            ['Threads', <ThreadCount tids={p.threads} />],
            ['Executable', <Val text={p.exe} />],
            ['Working dir', <Val text={p.cwd} />],
            ['Root', <Val text={p.root} />],
            ['Seccomp', <Val text={p.seccompMode} mono={false} />],
          ]}
        />
      </Section>
      <Section title="Credentials">
        {c ? (
          <KeyValue
            items={[
              ['uid / euid / suid / fsuid', <span className="mono">{`${c.uid} / ${c.euid} / ${c.suid} / ${c.fsuid}`}</span>],
              ['gid / egid / sgid / fsgid', <span className="mono">{`${c.gid} / ${c.egid} / ${c.sgid} / ${c.fsgid}`}</span>],
              ['Groups', c.groups.length ? <span className="mono">{c.groups.join(', ')}</span> : undefined],
              ['No new privs', c.noNewPrivs === undefined ? undefined : c.noNewPrivs ? 'yes' : 'no'],
              ['LSM profile', <Val text={c.lsmProfile} />],
            ]}
          />
        ) : (
          <p className="muted">No credentials in the checkpoint.</p>
        )}
      </Section>
      <Section title="Capabilities">
        {c ? (
          <>
            <KeyValue
              items={[
                ['Effective', <span className="mono">{c.capEff}</span>],
                ['Permitted', <span className="mono">{c.capPrm}</span>],
                ['Inheritable', <span className="mono">{c.capInh}</span>],
                ['Bounding', <span className="mono">{c.capBnd}</span>],
                c.capAmb !== undefined && ['Ambient', <span className="mono">{c.capAmb}</span>],
              ]}
            />
            <div className="cap-names" aria-label="Effective capabilities">
              {c.capEffNames.length ? c.capEffNames.map((n) => <span key={n} className="badge mono">{n}</span>) : <span className="muted">no effective capabilities</span>}
            </div>
          </>
        ) : (
          <p className="faint">—</p>
        )}
      </Section>
      <Section title="Memory">
        {p.memory ? (
          <>
            <KeyValue
              items={[
                ['Regions (VMAs)', <span className="mono">{formatCount(p.memory.regions)}</span>],
                ['Dumped', <span title={formatBytesExact(p.memory.dumpedBytes)}>{formatBytes(p.memory.dumpedBytes)}</span>],
                ['Shared', <span title={formatBytesExact(p.memory.sharedBytes)}>{formatBytes(p.memory.sharedBytes)}</span>],
              ]}
            />
          </>
        ) : (
          <p className="muted">No memory image for this process.</p>
        )}
      </Section>
    </div>
  );
}

function Environment({ env }: { env: string[] }) {
  const [filter, setFilter] = useState('');
  const rows = useMemo(
    () =>
      env
        .map((item) => {
          const eq = item.indexOf('=');
          return eq > 0 ? { key: item.slice(0, eq), value: item.slice(eq + 1) } : { key: item, value: undefined as string | undefined };
        })
        .filter((r) => !filter || `${r.key}=${r.value ?? ''}`.toLowerCase().includes(filter.toLowerCase())),
    [env, filter],
  );
  if (env.length === 0) return <p className="muted">No environment could be read from memory.</p>;
  return (
    <>
      <div className="pane-toolbar inline">
        <input type="search" placeholder="Filter variables" aria-label="Filter environment" value={filter} onChange={(e) => setFilter(e.target.value)} />
        <span className="muted">
          {rows.length} of {env.length}
        </span>
      </div>
      <SimpleTable
        label="Environment"
        rows={rows}
        empty="No variable matches."
        columns={[
          { header: 'Variable', cell: (r) => <SafeText text={r.key} />, mono: true, className: 'key-cell' },
          {
            header: 'Value',
            cell: (r) => (r.value === undefined ? <span className="muted">(no “=”)</span> : <SafeText text={r.value} limit={600} />),
            mono: true,
            className: 'wrap-cell',
          },
        ]}
      />
    </>
  );
}

function OpenFiles({ fds }: { fds: FileDescriptor[] }) {
  const navigate = useNavigate();
  return (
    <SimpleTable
      label="Open files"
      rows={fds}
      empty="No open file descriptors."
      rowClassName={(f) => (f.ghostImage || f.deleted ? 'row-ghost' : undefined)}
      columns={[
        { header: 'FD', cell: (f) => f.fd, align: 'right', mono: true },
        { header: 'Type', cell: (f) => <SafeText text={f.type} />, mono: true },
        {
          header: 'Path',
          cell: (f) => (
            <>
              <SafeText text={f.path} limit={400} />
              {f.deleted && <span className="badge danger">deleted</span>}
              {f.ghostImage && (
                <button type="button" className="badge ghost link-badge" title={`Contents saved in ${f.ghostImage}`} onClick={() => navigate('Images', { path: f.ghostImage })}>
                  ghost file
                </button>
              )}
            </>
          ),
          mono: true,
          className: 'wrap-cell',
        },
        {
          header: 'Flags',
          cell: (f) => (
            <span title={`0x${f.flags.toString(16)} (0${f.flags.toString(8)})`}>{f.flagNames.length ? f.flagNames.join(' | ') : `0x${f.flags.toString(16)}`}</span>
          ),
          mono: true,
        },
        { header: 'Position', cell: (f) => (f.pos === undefined ? '—' : formatCount(f.pos)), align: 'right', mono: true },
        { header: 'File id', cell: (f) => f.fileId, align: 'right', mono: true },
      ]}
    />
  );
}

function Sockets({ sockets }: { sockets: Socket[] }) {
  const navigate = useNavigate();
  return (
    <SimpleTable
      label="Sockets"
      rows={sockets}
      empty="No sockets."
      columns={[
        { header: 'FD', cell: (s) => s.fd, align: 'right', mono: true },
        { header: 'Family', cell: (s) => s.family, mono: true },
        { header: 'Type', cell: (s) => s.type, mono: true },
        { header: 'Protocol', cell: (s) => s.protocol || '—', mono: true },
        { header: 'State', cell: (s) => <span className={`badge${s.state === 'LISTEN' ? ' accent' : s.state === 'ESTABLISHED' ? ' ok' : ''}`}>{s.state}</span> },
        { header: 'Local', cell: (s) => <SafeText text={s.local} placeholder="—" />, mono: true },
        { header: 'Remote', cell: (s) => <SafeText text={s.remote} placeholder="—" />, mono: true },
        { header: 'Send buf', cell: (s) => (s.sendBuf === undefined ? '—' : formatBytes(s.sendBuf)), align: 'right' },
        { header: 'Recv buf', cell: (s) => (s.recvBuf === undefined ? '—' : formatBytes(s.recvBuf)), align: 'right' },
        {
          header: 'Queued (in / out)',
          cell: (s) => (
            <>
              {formatCount(s.recvQueueBytes)} / {formatCount(s.sendQueueBytes)} B
              {s.queueImage && (
                <button type="button" className="link queue-link" onClick={() => navigate('Images', { path: s.queueImage })} title={`Queued data in ${s.queueImage}`}>
                  bytes
                </button>
              )}
            </>
          ),
          align: 'right',
          mono: true,
        },
        { header: 'Inode', cell: (s) => s.ino, align: 'right', mono: true },
      ]}
    />
  );
}

function Threads({ threads, tids }: { threads: ThreadInfo[]; tids: number[] }) {
  if (threads.length === 0)
    return (
      <p className="muted">
        Threads {tids.join(', ')}: no register state decoded (core-*.img missing or unreadable).
      </p>
    );
  return (
    <div className="threads">
      {threads.map((t) => (
        <Section
          key={t.tid}
          title={`Thread ${t.tid}`}
          extra={
            <span className="muted">
              <SafeText text={t.comm} className="mono" /> · {t.arch}
              {t.state ? ` · ${t.state}` : ''}
            </span>
          }
        >
          <div className="registers" aria-label={`Registers of thread ${t.tid}`}>
            {t.registers.map(([name, value]) => (
              <div key={name} className="register">
                <span className="reg-name">{name}</span>
                <span className="reg-value mono">{value}</span>
              </div>
            ))}
          </div>
        </Section>
      ))}
    </div>
  );
}

function Mounts({ archiveId }: { archiveId: string }) {
  const mounts = useAsync(() => call('getMountPoints', archiveId), [archiveId]);
  const overview = useAsync(() => call('getOverview', archiveId), [archiveId]);
  return (
    <>
      <Section title="Mount namespace (CRIU mountpoints)">
        {mounts.status === 'loading' ? (
          <Loading what="mount points" />
        ) : mounts.status === 'error' ? (
          <p className="error-text">{errorText(mounts.error)}</p>
        ) : (
          <MountPointsTable mounts={mounts.value} />
        )}
      </Section>
      <Section title="Spec mounts (spec.dump)">
        {overview.status === 'loading' ? (
          <Loading what="spec mounts" />
        ) : overview.status === 'error' ? (
          <p className="error-text">{errorText(overview.error)}</p>
        ) : (
          <SpecMountsTable mounts={overview.value.containers.flatMap((c) => c.specMounts)} />
        )}
      </Section>
    </>
  );
}
