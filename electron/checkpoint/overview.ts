// The container overview: identity from the engine's JSON, sizes from entry sizes, CRIU dump
// statistics, versions, hostname, bind mounts and spec mounts.
import type { BindMount, ContainerOverview, DumpStatistics, SpecMount } from '../../shared/model';
import type { OpenedArchive } from '../archive/types';
import { containerIdentity, detectEngine, parseJson, type ContainerMetadata } from './engine';
import type { ContainerLayout } from './layout';
import { joinPath, Sources, Warnings } from './sources';
import { isRecord, msg, num, str } from './values';

/** Bytes of dump.log read for the version lines (they are within the first few lines). */
const LOG_HEAD_BYTES = 16 * 1024;

export async function containerOverview(sources: Sources, layout: ContainerLayout): Promise<ContainerOverview> {
  const warnings = new Warnings();
  const at = (name: string) => joinPath(layout.dir, name);
  const object = async (name: string) => {
    const value = await sources.json(at(name), warnings);
    if (value === undefined || isRecord(value)) return value;
    warnings.add({ file: at(name), offset: 0, message: `${name} is not a JSON object` });
    return undefined;
  };
  const meta: ContainerMetadata = {
    config: await object('config.dump'),
    spec: await object('spec.dump'),
    networkStatus: await sources.json(at('network.status'), warnings),
  };
  const hasImages = sources.archive.entries.some((e) => !e.parent && e.path.startsWith(layout.images) && e.path.endsWith('.img'));
  const engine = detectEngine(meta, hasImages);
  const identity = containerIdentity(meta, engine);
  const versions = await criuVersions(sources, layout, identity.annotations, warnings);

  return {
    dir: layout.dir,
    name: identity.name,
    image: identity.image,
    imageRef: identity.imageRef,
    id: identity.id,
    engine,
    runtime: identity.runtime,
    created: identity.created,
    checkpointed: identity.checkpointed,
    ip: identity.ip,
    mac: identity.mac,
    networks: identity.networks,
    pod: identity.pod,
    namespace: identity.namespace,
    hostname: (await hostname(sources, layout, warnings)) ?? str(meta.spec?.hostname),
    labels: identity.labels,
    annotations: identity.annotations,
    annotationsParsed: parsedAnnotations(identity.annotations),
    checkpointSize: checkpointSize(sources.archive, layout),
    statistics: await dumpStatistics(sources, layout, warnings),
    criuVersion: versions.criu,
    kernel: versions.kernel,
    bindMounts: bindMounts(await sources.json(at('bind.mounts'), warnings)),
    specMounts: specMounts(meta.spec),
    warnings: warnings.toArray(),
  };
}

function parsedAnnotations(annotations: Record<string, string>): Record<string, unknown> {
  const parsed: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(annotations)) {
    const json = parseJson(value);
    if (json !== undefined) parsed[key] = json;
  }
  return parsed;
}

/** checkpointctl's getArchiveSizes: every regular file under checkpoint/ (total), the pages-* and
 *  amdgpu-pages-* among them, and the size of rootfs-diff.tar. Members of nested archives (the
 *  tmpfs-dev-*.tar.gz.img contents) are not entries of the archive and are not counted. */
export function checkpointSize(archive: OpenedArchive, layout: ContainerLayout): ContainerOverview['checkpointSize'] {
  let total = 0;
  let memoryPages = 0;
  let amdGpuPages = 0;
  const pages = `${layout.images}pages-`;
  const amdgpu = `${layout.images}amdgpu-pages-`;
  for (const entry of archive.entries) {
    if (entry.parent || entry.type !== 'file' || !entry.path.startsWith(layout.images)) continue;
    total += entry.size;
    if (entry.path.startsWith(pages)) memoryPages += entry.size;
    else if (entry.path.startsWith(amdgpu)) amdGpuPages += entry.size;
  }
  const size: ContainerOverview['checkpointSize'] = { total, memoryPages };
  const diff = archive.getEntry(joinPath(layout.dir, 'rootfs-diff.tar'));
  if (diff && !diff.parent) size.rootfsDiff = diff.size;
  if (amdGpuPages > 0) size.amdGpuPages = amdGpuPages;
  return size;
}

const STAT_FIELDS = ['freezing_time', 'frozen_time', 'memdump_time', 'memwrite_time', 'pages_scanned', 'pages_written'] as const;

/** stats-dump sits in CRIU's work dir: the archive root for CRI-O/Podman, or beside the images. */
async function dumpStatistics(sources: Sources, layout: ContainerLayout, warnings: Warnings): Promise<DumpStatistics | undefined> {
  const candidates = [joinPath(layout.dir, 'stats-dump'), `${layout.images}stats-dump`];
  const path = candidates.find((p) => sources.file(p));
  if (!path) return undefined;
  const entry = await sources.first(path, warnings, 'dump statistics');
  const dump = msg(entry?.dump);
  if (!dump) {
    if (entry) warnings.add({ file: path, message: 'stats-dump holds no dump statistics (restore statistics only?)' });
    return undefined;
  }
  const stats: DumpStatistics = {
    freezing_time: 0,
    frozen_time: 0,
    memdump_time: 0,
    memwrite_time: 0,
    pages_scanned: 0,
    pages_written: 0,
  };
  for (const [key, value] of Object.entries(dump)) {
    const n = num(value);
    if (n !== undefined) stats[key] = n;
  }
  for (const key of STAT_FIELDS) {
    if (num(dump[key]) === undefined) warnings.add({ file: path, message: `dump statistics: ${key} missing` });
  }
  return stats;
}

/** CRIU version and kernel: dump.log's first lines ("Version: 4.1.1 (gitid 0)", "Running on <node>
 *  Linux <release> <version> <machine>"), else the org.criu.checkpoint.* annotations. */
async function criuVersions(
  sources: Sources,
  layout: ContainerLayout,
  annotations: Record<string, string>,
  warnings: Warnings,
): Promise<{ criu?: string; kernel?: string }> {
  const candidates = [joinPath(layout.dir, 'dump.log'), `${layout.images}dump.log`];
  const path = candidates.find((p) => sources.file(p));
  const head = path ? await sources.head(path, LOG_HEAD_BYTES, warnings) : undefined;
  const version = head ? /\)\s+Version:\s+(\S+)/.exec(head)?.[1] : undefined;
  const running = head ? /\)\s+Running on \S+ (.+)$/m.exec(head)?.[1]?.trim() : undefined;
  return {
    criu: version ?? annotations['org.criu.checkpoint.criu.version'],
    kernel: running ?? annotations['org.criu.checkpoint.host.kernel'],
  };
}

/** Hostname from the UTS namespace image of the root task (ids-<pid>.img uts_ns_id), else the only
 *  utsns-*.img there is. */
async function hostname(sources: Sources, layout: ContainerLayout, warnings: Warnings): Promise<string | undefined> {
  let utsPath: string | undefined;
  if (sources.file(`${layout.images}pstree.img`)) {
    const tree = await sources.messages(`${layout.images}pstree.img`, warnings);
    const root = tree.find((t) => num(t.ppid) === 0) ?? tree[0];
    const pid = num(root?.pid);
    if (pid !== undefined && sources.file(`${layout.images}ids-${pid}.img`)) {
      const ids = await sources.first(`${layout.images}ids-${pid}.img`, warnings);
      const uts = num(ids?.uts_ns_id);
      if (uts !== undefined) utsPath = `${layout.images}utsns-${uts}.img`;
    }
  }
  if (!utsPath || !sources.file(utsPath)) {
    const pattern = new RegExp(`^${escape(layout.images)}utsns-\\d+\\.img$`);
    const all = sources.archive.entries.filter((e) => !e.parent && pattern.test(e.path));
    utsPath = all.length === 1 ? all[0].path : undefined;
  }
  if (!utsPath) return undefined;
  const uts = await sources.first(utsPath, warnings, 'hostname');
  return str(uts?.nodename);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function bindMounts(value: unknown): BindMount[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isRecord).map((m) => ({
    source: str(m.source) ?? '',
    destination: str(m.destination) ?? '',
    fileType: str(m.fileType) ?? str(m.file_type),
    permissions: num(m.permissions),
  }));
}

function specMounts(spec: Record<string, unknown> | undefined): SpecMount[] {
  const mounts = spec?.mounts;
  if (!Array.isArray(mounts)) return [];
  return mounts.filter(isRecord).map((m) => ({
    destination: str(m.destination) ?? '',
    type: str(m.type) ?? '',
    source: str(m.source) ?? '',
    options: Array.isArray(m.options) ? m.options.filter((o): o is string => typeof o === 'string') : [],
  }));
}
