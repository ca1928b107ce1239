// Overview: everything about the checkpointed container(s) — identity, network, sizes, CRIU dump
// statistics (formatted like checkpointctl), versions, labels, annotations (JSON values as
// collapsible trees), mounts and warnings. A pod checkpoint gets one block per container.
import type { ArchiveSummary, CheckpointOverview, ContainerOverview, DumpStatistics, MountPoint } from '../../../shared/model';
import { formatBytes, formatBytesExact, formatCount, formatMicroseconds } from '../../../shared/text';
import { WarningList } from '../../components/ErrorBox';
import { KeyValue, Val } from '../../components/KeyValue';
import { SafeText } from '../../components/SafeText';
import { Section, SimpleTable } from '../../components/SimpleTable';
import { AsyncView, Empty } from '../../components/States';
import { ValueTree } from '../../components/ValueTree';
import { call, errorText, useAsync } from '../../lib/api';
import { useNavigate } from '../../lib/navigation';
import { BindMountsTable, MountPointsTable, SpecMountsTable } from '../mounts/MountTables';

export function OverviewView({ archiveId, summary }: { archiveId: string; summary: ArchiveSummary }) {
  const overview = useAsync(() => call('getOverview', archiveId), [archiveId]);
  const mounts = useAsync(() => call('getMountPoints', archiveId), [archiveId]);
  return (
    <div className="page">
      <AsyncView state={overview} what="the checkpoint overview">
        {(value) => <Overview overview={value} summary={summary} mounts={mounts.status === 'done' ? mounts.value : null} mountsError={mounts.status === 'error' ? errorText(mounts.error) : null} />}
      </AsyncView>
    </div>
  );
}

function Overview({ overview, summary, mounts, mountsError }: { overview: CheckpointOverview; summary: ArchiveSummary; mounts: MountPoint[] | null; mountsError: string | null }) {
  if (overview.containers.length === 0)
    return (
      <>
        <Empty title="No container metadata found">
          This archive has no config.dump / spec.dump; see the Files and Images views for what it contains.
        </Empty>
        <WarningList warnings={overview.warnings} open />
      </>
    );
  return (
    <>
      {overview.isPod && (
        <div className="page-head">
          <h2>Pod checkpoint</h2>
          <span className="muted">
            {overview.containers.length} containers · {overview.engine} · <SafeText text={summary.fileName} />
          </span>
        </div>
      )}
      <WarningList warnings={overview.warnings} title="Checkpoint warnings" />
      {overview.containers.map((c, i) => (
        <ContainerBlock key={c.dir || i} container={c} mounts={i === 0 || overview.containers.length === 1 ? mounts : null} mountsError={mountsError} pod={overview.isPod} />
      ))}
    </>
  );
}

function ContainerBlock({ container: c, mounts, mountsError, pod }: { container: ContainerOverview; mounts: MountPoint[] | null; mountsError: string | null; pod: boolean }) {
  const navigate = useNavigate();
  const labels = Object.entries(c.labels);
  const annotations = Object.entries(c.annotations);
  return (
    <article className="container-block" aria-label={`Container ${c.name ?? c.dir}`}>
      <header className="container-head">
        <div>
          <h2>
            <SafeText text={c.name} placeholder="(unnamed container)" />
          </h2>
          <div className="container-sub">
            <SafeText className="mono" text={c.image} placeholder="no image recorded" />
            {pod && c.dir && (
              <span className="muted">
                {' '}
                · in <SafeText className="mono" text={c.dir} />
              </span>
            )}
          </div>
        </div>
        <div className="container-badges">
          <span className="badge accent">{c.engine}</span>
          {c.runtime && <span className="badge">{c.runtime}</span>}
        </div>
      </header>
      <WarningList warnings={c.warnings} />
      <div className="card-grid">
        <Section title="Container">
          <KeyValue
            items={[
              ['Name', <Val text={c.name} mono={false} />],
              ['Image', <Val text={c.image} />],
              c.imageRef && ['Image ref', <Val text={c.imageRef} />],
              ['ID', <Val text={c.id} />],
              ['Runtime', <Val text={c.runtime} mono={false} />],
              ['Engine', c.engine],
              ['Created', <Val text={c.created} />],
              ['Checkpointed', <Val text={c.checkpointed} />],
              ['Hostname', <Val text={c.hostname} />],
              (c.pod || pod) && ['Pod', <Val text={c.pod} />],
              (c.namespace || pod) && ['Namespace', <Val text={c.namespace} />],
            ]}
          />
        </Section>
        <div>
        <Section title="Network">
          <KeyValue
            items={[
              ['IP', <Val text={c.ip} />],
              ['MAC', <Val text={c.mac} />],
            ]}
          />
          {c.networks.length > 0 && (
            <SimpleTable
              label="Networks"
              rows={c.networks}
              columns={[
                { header: 'Network', cell: (n) => <SafeText text={n.network} /> },
                { header: 'Interface', cell: (n) => <SafeText text={n.interface} placeholder="—" />, mono: true },
                { header: 'IP', cell: (n) => <SafeText text={n.ip} placeholder="—" />, mono: true },
                { header: 'MAC', cell: (n) => <SafeText text={n.mac} placeholder="—" />, mono: true },
                { header: 'Gateway', cell: (n) => <SafeText text={n.gateway} placeholder="—" />, mono: true },
              ]}
            />
          )}
        </Section>
        <Section title="Checkpoint size">
          <KeyValue
            items={[
              ['Total', <span title={formatBytesExact(c.checkpointSize.total)}>{formatBytes(c.checkpointSize.total)}</span>],
              [
                'Memory pages',
                <span title={formatBytesExact(c.checkpointSize.memoryPages)}>
                  {formatBytes(c.checkpointSize.memoryPages)}{' '}
                  <button type="button" className="link" onClick={() => navigate('Memory')}>
                    open Memory
                  </button>
                </span>,
              ],
              [
                'Rootfs diff',
                c.checkpointSize.rootfsDiff === undefined ? (
                  <span className="faint">none</span>
                ) : (
                  <span title={formatBytesExact(c.checkpointSize.rootfsDiff)}>
                    {formatBytes(c.checkpointSize.rootfsDiff)}{' '}
                    <button type="button" className="link" onClick={() => navigate('Rootfs diff')}>
                      open Rootfs diff
                    </button>
                  </span>
                ),
              ],
              c.checkpointSize.amdGpuPages !== undefined && ['AMD GPU pages', formatBytes(c.checkpointSize.amdGpuPages)],
            ]}
          />
        </Section>
        <Section title="Versions">
          <KeyValue
            items={[
              ['CRIU', <Val text={c.criuVersion} />],
              ['Kernel', <Val text={c.kernel} />],
            ]}
          />
        </Section>
        </div>
        <Section title="CRIU dump statistics">
          {c.statistics ? <Statistics stats={c.statistics} /> : <p className="muted">No stats-dump in the checkpoint.</p>}
        </Section>
      </div>
      <Section title={`Labels (${labels.length})`}>
        <SimpleTable
          label="Labels"
          rows={labels}
          empty="No labels."
          columns={[
            { header: 'Key', cell: ([k]) => <SafeText text={k} />, mono: true, className: 'key-cell' },
            { header: 'Value', cell: ([, v]) => <SafeText text={v} limit={300} />, mono: true, className: 'wrap-cell' },
          ]}
        />
      </Section>
      <Section title={`Annotations (${annotations.length})`}>
        <SimpleTable
          label="Annotations"
          rows={annotations}
          empty="No annotations."
          columns={[
            { header: 'Key', cell: ([k]) => <SafeText text={k} />, mono: true, className: 'key-cell' },
            {
              header: 'Value',
              cell: ([k, v]) =>
                k in c.annotationsParsed && c.annotationsParsed[k] !== null && typeof c.annotationsParsed[k] === 'object' ? (
                  <ValueTree value={c.annotationsParsed[k]} label={`Annotation ${k}`} defaultOpenDepth={0} preview={v} />
                ) : (
                  <SafeText text={v} limit={300} />
                ),
              mono: true,
              className: 'wrap-cell',
            },
          ]}
        />
      </Section>
      <Section title={`Spec mounts (${c.specMounts.length})`}>
        <SpecMountsTable mounts={c.specMounts} />
      </Section>
      {c.bindMounts.length > 0 && (
        <Section title={`Bind mounts (${c.bindMounts.length})`}>
          <BindMountsTable mounts={c.bindMounts} />
        </Section>
      )}
      {(mounts || mountsError) && (
        <Section title={`Mount namespace (CRIU${mounts ? `, ${mounts.length}` : ''})`}>
          {mountsError ? <p className="error-text">{mountsError}</p> : <MountPointsTable mounts={mounts!} />}
        </Section>
      )}
    </article>
  );
}

const STAT_LABELS: Record<string, string> = {
  freezing_time: 'Freezing time',
  frozen_time: 'Frozen time',
  memdump_time: 'Memory dump time',
  memwrite_time: 'Memory write time',
  pages_scanned: 'Pages scanned',
  pages_written: 'Pages written',
  pages_skipped_parent: 'Pages skipped (parent)',
  pages_lazy: 'Pages lazy',
  page_pipes: 'Page pipes',
  page_pipe_bufs: 'Page pipe buffers',
  shpages_scanned: 'Shared pages scanned',
  shpages_skipped_parent: 'Shared pages skipped (parent)',
  shpages_written: 'Shared pages written',
  irmap_resolve: 'irmap resolve time',
};

function Statistics({ stats }: { stats: DumpStatistics }) {
  const items = Object.entries(stats).map(([key, value]): [string, React.ReactNode] => {
    const label = STAT_LABELS[key] ?? key.replace(/_/g, ' ');
    const isTime = key.endsWith('_time') || key === 'irmap_resolve';
    return [
      label,
      isTime ? (
        <span className="mono" title={`${formatCount(value)} µs`}>
          {formatMicroseconds(value)}
        </span>
      ) : (
        <span className="mono">{formatCount(value)}</span>
      ),
    ];
  });
  return <KeyValue items={items} />;
}
