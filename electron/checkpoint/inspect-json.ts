// The document `checkpoint-inspector inspect --json` prints: plain JSON (snake_case like
// checkpointctl where it has a counterpart), addresses as lowercase hex strings.
import type { ContainerOverview, DumpStatistics, InspectorWarning, MountPoint, ProcessInfo } from '../../shared/model';
import type { OpenedArchive } from '../archive/types';
import type { Checkpoint } from './index';

export interface InspectContainerJson {
  dir: string;
  name?: string;
  image?: string;
  id?: string;
  engine: string;
  runtime?: string;
  ip?: string;
  mac?: string;
  created?: string;
  checkpointed?: string;
  pod?: string;
  namespace?: string;
  hostname?: string;
  criu_version?: string;
  kernel?: string;
  networks: ContainerOverview['networks'];
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** Pod checkpoints only: this container's processes and mount table (the top-level `processes`
   *  and `mount_points` are the first container's). */
  processes?: InspectProcessJson[];
  mount_points?: InspectMountPointJson[];
}

export interface InspectMountPointJson {
  mnt_id: number;
  parent_mnt_id: number;
  mountpoint: string;
  root: string;
  fstype: string;
  source: string;
  options: string;
  dev: string;
  external?: string;
}

export interface InspectProcessJson {
  pid: number;
  ppid: number;
  pgid: number;
  sid: number;
  comm: string;
  state: string;
  exit_code?: number;
  threads: number[];
  cmdline: string[];
  env: string[];
  cwd?: string;
  root?: string;
  exe?: string;
  uid?: number;
  gid?: number;
  capabilities?: string[];
  seccomp?: string;
  memory?: { regions: number; dumped_bytes: number; shared_bytes: number };
  fds: Array<{ fd: number; type: string; path: string; flags: string[]; pos?: number; deleted?: boolean; ghost_image?: string }>;
  sockets: Array<{
    fd: number;
    family: string;
    type: string;
    protocol: string;
    state: string;
    local: string;
    remote: string;
    send_buf?: number;
    recv_buf?: number;
    recv_queue_bytes: number;
    send_queue_bytes: number;
  }>;
  threads_registers: Array<{ tid: number; arch: string; registers: Record<string, string> }>;
  warnings: InspectorWarning[];
}

export interface InspectJson {
  archive: { path: string; format: string; size: number };
  container?: InspectContainerJson;
  /** Every container of a pod checkpoint (the first is also `container`). */
  containers?: InspectContainerJson[];
  checkpoint_size?: { total_size: number; memory_pages_size: number; root_fs_diff_size?: number; amd_gpu_memory_pages_size?: number };
  statistics?: DumpStatistics;
  processes: InspectProcessJson[];
  mounts: Array<{ destination: string; type: string; source: string; options: string[] }>;
  mount_points: InspectMountPointJson[];
  bind_mounts: ContainerOverview['bindMounts'];
  warnings: InspectorWarning[];
}

export async function toInspectJson(checkpoint: Checkpoint, archive: OpenedArchive): Promise<InspectJson> {
  const overview = await checkpoint.overview();
  const processes = await checkpoint.processes();
  const mountPoints = await checkpoint.mountPoints();
  const first = overview.containers[0];
  const warnings: InspectorWarning[] = [...overview.warnings, ...overview.containers.flatMap((c) => c.warnings), ...(await checkpoint.warnings())];
  for (const p of processes) warnings.push(...p.warnings);

  const doc: InspectJson = {
    archive: { path: archive.path, format: archive.format, size: archive.size },
    processes: processes.map(processJson),
    mounts: (first?.specMounts ?? []).map((m) => ({ destination: m.destination, type: m.type, source: m.source, options: m.options })),
    mount_points: mountPoints.map(mountPointJson),
    bind_mounts: first?.bindMounts ?? [],
    warnings: dedupe(warnings),
  };
  if (first) {
    doc.container = containerJson(first);
    const size = first.checkpointSize;
    doc.checkpoint_size = { total_size: size.total, memory_pages_size: size.memoryPages };
    if (size.rootfsDiff !== undefined) doc.checkpoint_size.root_fs_diff_size = size.rootfsDiff;
    if (size.amdGpuPages !== undefined) doc.checkpoint_size.amd_gpu_memory_pages_size = size.amdGpuPages;
    if (first.statistics) doc.statistics = first.statistics;
  }
  if (overview.isPod) {
    doc.containers = [];
    for (const c of overview.containers) {
      const own = await checkpoint.processesOf(c.dir);
      for (const p of own) if (c !== first) doc.warnings.push(...p.warnings);
      doc.containers.push({
        ...containerJson(c),
        processes: own.map(processJson),
        mount_points: (await checkpoint.mountPointsOf(c.dir)).map(mountPointJson),
      });
    }
    doc.warnings = dedupe([...doc.warnings, ...(await checkpoint.warnings())]);
  }
  return prune(doc);
}

function mountPointJson(m: MountPoint): InspectMountPointJson {
  return {
    mnt_id: m.mntId,
    parent_mnt_id: m.parentMntId,
    mountpoint: m.mountpoint,
    root: m.root,
    fstype: m.fstype,
    source: m.source,
    options: m.options,
    dev: m.dev,
    ...(m.external ? { external: m.external } : {}),
  };
}

/** The same value without undefined object members, so the document equals its JSON form. */
function prune<T>(value: T): T {
  if (Array.isArray(value)) return value.map(prune) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) if (v !== undefined) out[key] = prune(v);
    return out as T;
  }
  return value;
}

function containerJson(c: ContainerOverview): InspectContainerJson {
  return {
    dir: c.dir,
    name: c.name,
    image: c.image,
    id: c.id,
    engine: c.engine,
    runtime: c.runtime,
    ip: c.ip,
    mac: c.mac,
    created: c.created,
    checkpointed: c.checkpointed,
    pod: c.pod,
    namespace: c.namespace,
    hostname: c.hostname,
    criu_version: c.criuVersion,
    kernel: c.kernel,
    networks: c.networks,
    labels: c.labels,
    annotations: c.annotations,
  };
}

function processJson(p: ProcessInfo): InspectProcessJson {
  return {
    pid: p.pid,
    ppid: p.ppid,
    pgid: p.pgid,
    sid: p.sid,
    comm: p.comm,
    state: p.state,
    ...(p.exitCode !== undefined ? { exit_code: p.exitCode } : {}),
    threads: p.threads,
    cmdline: p.cmdline,
    env: p.env,
    cwd: p.cwd,
    root: p.root,
    exe: p.exe,
    uid: p.creds?.uid,
    gid: p.creds?.gid,
    capabilities: p.creds?.capEffNames,
    seccomp: p.seccompMode,
    ...(p.memory ? { memory: { regions: p.memory.regions, dumped_bytes: p.memory.dumpedBytes, shared_bytes: p.memory.sharedBytes } } : {}),
    fds: p.fds.map((f) => ({
      fd: f.fd,
      type: f.type,
      path: f.path,
      flags: f.flagNames,
      ...(f.pos !== undefined ? { pos: f.pos } : {}),
      ...(f.deleted ? { deleted: true } : {}),
      ...(f.ghostImage ? { ghost_image: f.ghostImage } : {}),
    })),
    sockets: p.sockets.map((s) => ({
      fd: s.fd,
      family: s.family,
      type: s.type,
      protocol: s.protocol,
      state: s.state,
      local: s.local,
      remote: s.remote,
      send_buf: s.sendBuf,
      recv_buf: s.recvBuf,
      recv_queue_bytes: s.recvQueueBytes,
      send_queue_bytes: s.sendQueueBytes,
    })),
    threads_registers: p.threadInfo.map((t) => ({ tid: t.tid, arch: t.arch, registers: Object.fromEntries(t.registers) })),
    warnings: p.warnings,
  };
}

function dedupe(warnings: InspectorWarning[]): InspectorWarning[] {
  const seen = new Set<string>();
  return warnings.filter((w) => {
    const key = `${w.file}\u0000${w.offset ?? ''}\u0000${w.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
