import type { ArchiveId, HashResult, JobId, SearchEncoding, SearchHit, StringHit } from '../../shared/model';
import { toInspectJson } from '../checkpoint';
import { logsJson } from '../logs';
import { rootfsDiffJson } from '../rootfs';
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

/** Log summaries once their index jobs have finished. */
async function indexedLogs(services: Services, id: ArchiveId) {
  const session = services.session(id);
  const indexed = async (kind: 'container' | 'criu') => {
    const log = await session.log(kind);
    return log ? log.whenIndexed() : null;
  };
  const [container, criu] = await Promise.all([indexed('container'), indexed('criu')]);
  return logsJson(container, criu);
}

/** `inspect ARCHIVE --json`: the whole model as one JSON object. */
export async function inspect(services: Services, id: ArchiveId) {
  const session = services.session(id);
  const summary = await services.getSummary(id);
  const hash = await finish<HashResult>(services, summary.evidence.hashJobId!);
  const checkpoint = await session.checkpoint();
  const [model, diff, logs] = await Promise.all([
    toInspectJson(checkpoint, session.archive),
    services.getRootfsDiff(id),
    indexedLogs(services, id),
  ]);
  const { changes, ghost_files } = rootfsDiffJson(diff);
  return {
    ...model,
    archive: { ...model.archive, sha256: hash.sha256 },
    entries: session.archive.entries.map((e) => ({ path: e.path, type: e.type, size: e.size, mode: e.mode, mtime: e.mtime, kind: e.kind })),
    rootfs_diff: changes,
    ghost_files,
    logs,
    warnings: [...summary.warnings, ...model.warnings, ...diff.warnings],
  };
}

const ENCODINGS: SearchEncoding[] = ['ascii', 'utf16le', 'hex', 'regex'];

/** `search ARCHIVE PATTERN [--encoding E] [--ignore-case] [--pid N]`. */
export async function search(services: Services, id: ArchiveId, args: ParsedArgs) {
  const pattern = args.positionals[1];
  if (!pattern) throw new InspectorError('search needs a PATTERN');
  const encodings = String(args.flags.get('encoding') ?? 'ascii').split(',') as SearchEncoding[];
  const unknown = encodings.find((e) => !ENCODINGS.includes(e));
  if (unknown !== undefined) throw new InspectorError(`--encoding takes ${ENCODINGS.join(', ')} (comma-separated for one pass over several)`);
  const started = performance.now();
  const jobId = await services.startSearch(id, {
    pattern,
    encodings,
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
