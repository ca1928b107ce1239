import type { ArchiveId, JobId, ProcessInfo, SearchEncoding, SearchHit, StringHit } from '../../shared/model';
import { InspectorError } from '../errors';
import type { Services } from '../services';
import { intFlag, type ParsedArgs } from './args';

/** Waits for a job to settle and returns its result, or throws its error. */
async function finish<R>(services: Services, jobId: JobId): Promise<R> {
  const status = await services.jobs.wait(jobId);
  if (status.state === 'failed') throw new InspectorError(status.error?.message ?? 'job failed', status.error ?? {});
  if (status.state === 'cancelled') throw new InspectorError('job cancelled');
  return status.result as R;
}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

function processJson(p: ProcessInfo) {
  return {
    pid: p.pid,
    ppid: p.ppid,
    pgid: p.pgid,
    sid: p.sid,
    comm: p.comm,
    state: p.state,
    threads: p.threads,
    cmdline: p.cmdline,
    env: p.env,
    cwd: p.cwd ?? null,
    root: p.root ?? null,
    exe: p.exe ?? null,
    fds: p.fds.map((f) => ({ fd: f.fd, type: f.type, path: f.path })),
    sockets: p.sockets.map((s) => ({
      fd: s.fd,
      family: s.family,
      type: s.type,
      protocol: s.protocol,
      state: s.state,
      local: s.local,
      remote: s.remote,
      recv_queue_bytes: s.recvQueueBytes,
      send_queue_bytes: s.sendQueueBytes,
    })),
    memory: p.memory ? { regions: p.memory.regions, dumped_bytes: p.memory.dumpedBytes } : null,
  };
}

async function logsJson(services: Services, id: ArchiveId) {
  const summary = async (kind: 'container' | 'criu') => {
    const first = await services.getLogSummary(id, kind);
    if (!first) return null;
    await services.jobs.wait(first.indexJobId);
    return services.getLogSummary(id, kind);
  };
  const [container, criu] = await Promise.all([summary('container'), summary('criu')]);
  return {
    container: container && {
      records: container.records,
      lines: container.lines,
      stdout: container.stdout,
      stderr: container.stderr,
      partial_records: container.partialRecords,
      first: container.first ?? null,
      last: container.last ?? null,
    },
    criu: criu && { lines: criu.lines, errors: criu.errors, warnings: criu.warnings },
  };
}

/** `inspect ARCHIVE --json`: the whole model as one JSON object. */
export async function inspect(services: Services, id: ArchiveId) {
  const summary = await services.getSummary(id);
  const hash = await finish<{ sha256: string; size: number }>(services, summary.evidence.hashJobId!);
  const [entries, overview, processes, mountPoints, diff, logs] = await Promise.all([
    services.listEntries(id),
    services.getOverview(id),
    services.getProcesses(id),
    services.getMountPoints(id),
    services.getRootfsDiff(id),
    logsJson(services, id),
  ]);
  const container = overview.containers[0];
  const containerJson = (c: typeof container) =>
    c && {
      name: c.name ?? null,
      image: c.image ?? null,
      id: c.id ?? null,
      engine: c.engine,
      runtime: c.runtime ?? null,
      ip: c.ip ?? null,
      created: c.created ?? null,
      checkpointed: c.checkpointed ?? null,
      pod: c.pod ?? null,
      namespace: c.namespace ?? null,
      hostname: c.hostname ?? null,
    };
  const warnings = [
    ...summary.warnings,
    ...overview.warnings,
    ...overview.containers.flatMap((c) => c.warnings),
    ...processes.flatMap((p) => p.warnings),
    ...diff.warnings,
  ];
  return {
    archive: { path: summary.evidence.path, format: summary.evidence.format, size: hash.size, sha256: hash.sha256 },
    entries: entries.map((e) => ({ path: e.path, type: e.type, size: e.size, mode: e.mode, mtime: e.mtime, kind: e.kind })),
    container: containerJson(container) ?? null,
    containers: overview.containers.map(containerJson),
    statistics: container?.statistics ?? null,
    checkpoint_size: container
      ? {
          total_size: container.checkpointSize.total,
          memory_pages_size: container.checkpointSize.memoryPages,
          root_fs_diff_size: container.checkpointSize.rootfsDiff ?? null,
        }
      : null,
    processes: processes.map(processJson),
    mounts: container?.specMounts.map((m) => ({ destination: m.destination, type: m.type, source: m.source })) ?? [],
    mountpoints: mountPoints,
    rootfs_diff: diff.changes.map((c) => ({
      path: c.path,
      type: c.type ?? null,
      size: c.size ?? null,
      mode: c.mode ?? null,
      mtime: c.mtime ?? null,
      status: c.status,
    })),
    ghost_files: diff.ghostFiles.map((g) => ({ path: g.path, size: g.size, pid: g.pid, fd: g.fd })),
    logs,
    warnings: warnings.map((w) => ({ file: w.file, offset: w.offset ?? null, message: w.message })),
  };
}

const ENCODINGS: SearchEncoding[] = ['ascii', 'utf16le', 'hex', 'regex'];

/** `search ARCHIVE PATTERN [--encoding E] [--ignore-case] [--pid N]`. */
export async function search(services: Services, id: ArchiveId, args: ParsedArgs) {
  const pattern = args.positionals[1];
  if (!pattern) throw new InspectorError('search needs a PATTERN');
  const encoding = (args.flags.get('encoding') ?? 'ascii') as SearchEncoding;
  if (!ENCODINGS.includes(encoding)) throw new InspectorError(`--encoding must be one of ${ENCODINGS.join(', ')}`);
  const started = performance.now();
  const jobId = await services.startSearch(id, {
    pattern,
    encodings: [encoding],
    ignoreCase: args.flags.has('ignore-case'),
    pid: intFlag(args, 'pid'),
    contextBytes: intFlag(args, 'context', 16),
    maxHits: intFlag(args, 'max-hits'),
  });
  const result = await finish<{ bytesScanned: number }>(services, jobId);
  const { items } = services.jobs.items<SearchHit>(jobId, 0, Number.MAX_SAFE_INTEGER);
  const status = services.jobs.status(jobId);
  return {
    hits: items.map((h) => ({
      pid: h.pid,
      comm: h.comm,
      address: h.address,
      region: h.region,
      encoding: h.encoding,
      context_hex: hex(h.context),
    })),
    bytes_scanned: result.bytesScanned,
    elapsed_ms: Math.round(performance.now() - started),
    warnings: status.warnings,
  };
}

/** `strings ARCHIVE --pid N [--min 6] [--filter TEXT]`. */
export async function strings(services: Services, id: ArchiveId, args: ParsedArgs) {
  const pid = intFlag(args, 'pid');
  if (pid === undefined) throw new InspectorError('strings needs --pid N');
  const filter = args.flags.get('filter');
  const jobId = await services.startStrings(id, {
    pid,
    minLength: intFlag(args, 'min', 6)!,
    encodings: ['ascii', 'utf16le'],
    filter: typeof filter === 'string' ? filter : undefined,
  });
  await finish(services, jobId);
  const { items } = services.jobs.items<StringHit>(jobId, 0, Number.MAX_SAFE_INTEGER);
  return {
    pid,
    strings: items.map((s) => ({ address: s.address, encoding: s.encoding, text: s.text })),
    count: items.length,
    warnings: services.jobs.status(jobId).warnings,
  };
}
