import { API_METHODS, type ApiMethod, type InspectorApi } from '../shared/api';
import { encodeErrorInfo } from '../shared/errors';
import { InspectorError, toErrorInfo } from './errors';
import type { Services } from './services';

/** One async function per API method: what ipcMain.handle registers and the e2e bridge exposes. */
export type HandlerTable = {
  [M in ApiMethod]: (...args: Parameters<InspectorApi[M]>) => ReturnType<InspectorApi[M]>;
};

// ------------------------------------------------------------------ argument checks

type Check = (value: unknown, name: string) => void;

const fail = (name: string, what: string): never => {
  throw new InspectorError(`invalid argument ${name}: ${what}`);
};

const isString: Check = (v, n) => {
  if (typeof v !== 'string' || v.length === 0 || v.length > 4096) fail(n, 'expected a non-empty string');
  if ((v as string).includes('\0')) fail(n, 'contains a NUL character');
};
const isCount: Check = (v, n) => {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) fail(n, 'expected a non-negative integer');
};
const isPid: Check = (v, n) => {
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0 || v > 0x7fffffff) fail(n, 'expected a process id');
};
const isHex: Check = (v, n) => {
  if (typeof v !== 'string' || !/^(0x)?[0-9a-fA-F]{1,16}$/.test(v)) fail(n, 'expected a hexadecimal address');
};
const isObject: Check = (v, n) => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(n, 'expected an object');
};
const isLogKind: Check = (v, n) => {
  if (v !== 'container' && v !== 'criu') fail(n, "expected 'container' or 'criu'");
};
/** Entry paths are looked up in the index, never joined to a file system path; this only refuses the
 *  obviously hostile so that the error names the problem. */
const isEntryPath: Check = (v, n) => {
  isString(v, n);
  const parts = (v as string).split('/');
  if ((v as string).startsWith('/') || parts.includes('..')) fail(n, `not an archive entry path: ${JSON.stringify(v)}`);
};

const searchQuery: Check = (v, n) => {
  isObject(v, n);
  const q = v as Record<string, unknown>;
  if (typeof q.pattern !== 'string' || q.pattern.length === 0 || q.pattern.length > 4096) fail(`${n}.pattern`, 'expected 1 to 4096 characters');
  const encodings = q.encodings;
  const known = ['ascii', 'utf16le', 'hex', 'regex'];
  if (!Array.isArray(encodings) || encodings.length === 0 || !encodings.every((e) => known.includes(e as string))) {
    fail(`${n}.encodings`, `expected some of ${known.join(', ')}`);
  }
  if (q.pid !== undefined) isPid(q.pid, `${n}.pid`);
  if (q.maxHits !== undefined) isCount(q.maxHits, `${n}.maxHits`);
  if (q.contextBytes !== undefined) {
    isCount(q.contextBytes, `${n}.contextBytes`);
    if ((q.contextBytes as number) > 4096) fail(`${n}.contextBytes`, 'at most 4096');
  }
  if (q.range !== undefined) rangeCheck(q.range, `${n}.range`);
};
const stringsQuery: Check = (v, n) => {
  isObject(v, n);
  const q = v as Record<string, unknown>;
  isPid(q.pid, `${n}.pid`);
  isCount(q.minLength, `${n}.minLength`);
  if ((q.minLength as number) < 1 || (q.minLength as number) > 1024) fail(`${n}.minLength`, 'expected 1 to 1024');
  if (!Array.isArray(q.encodings) || !q.encodings.every((e) => e === 'ascii' || e === 'utf16le')) {
    fail(`${n}.encodings`, "expected 'ascii' and/or 'utf16le'");
  }
  if (q.range !== undefined) rangeCheck(q.range, `${n}.range`);
};
const rangeCheck: Check = (v, n) => {
  isObject(v, n);
  isHex((v as Record<string, unknown>).start, `${n}.start`);
  isHex((v as Record<string, unknown>).end, `${n}.end`);
};
const logQuery: Check = (v, n) => {
  isObject(v, n);
  const q = v as Record<string, unknown>;
  isLogKind(q.kind, `${n}.kind`);
  if (q.text !== undefined && (typeof q.text !== 'string' || q.text.length > 4096)) fail(`${n}.text`, 'expected a string');
  if (q.regex && typeof q.text === 'string') {
    try {
      new RegExp(q.text);
    } catch (error) {
      fail(`${n}.text`, `not a valid regular expression (${(error as Error).message})`);
    }
  }
};
const exportRequest: Check = (v, n) => {
  isObject(v, n);
  const r = v as Record<string, unknown>;
  if (!Array.isArray(r.paths) || r.paths.length > 100_000 || !r.paths.every((p) => typeof p === 'string')) {
    fail(`${n}.paths`, 'expected a list of entry paths');
  }
  if (r.ghostImages !== undefined && (!Array.isArray(r.ghostImages) || !r.ghostImages.every((p) => typeof p === 'string'))) {
    fail(`${n}.ghostImages`, 'expected a list of image paths');
  }
};
const byteSource: Check = (v, n) => {
  isObject(v, n);
  const s = v as Record<string, unknown>;
  if (s.kind === 'entry') {
    isEntryPath(s.path, `${n}.path`);
    isCount(s.offset, `${n}.offset`);
  } else if (s.kind === 'memory') {
    isPid(s.pid, `${n}.pid`);
    isHex(s.address, `${n}.address`);
  } else fail(`${n}.kind`, "expected 'entry' or 'memory'");
  isCount(s.length, `${n}.length`);
  if ((s.length as number) > 1024 ** 3) fail(`${n}.length`, 'at most 1 GiB');
};

/** The argument checks of every method, in parameter order. */
const SIGNATURES: { [M in ApiMethod]: Array<[string, Check]> } = {
  getStartupPaths: [],
  chooseArchive: [],
  openArchive: [['path', isString]],
  closeArchive: [['id', isString]],
  getSummary: [['id', isString]],
  getRecent: [],
  listEntries: [['id', isString]],
  readEntry: [['id', isString], ['path', isEntryPath], ['offset', isCount], ['length', isCount]],
  getJob: [['jobId', isString]],
  cancelJob: [['jobId', isString]],
  getOverview: [['id', isString]],
  getProcesses: [['id', isString]],
  getMountPoints: [['id', isString]],
  listImages: [['id', isString]],
  getImage: [['id', isString], ['path', isEntryPath]],
  getRootfsDiff: [['id', isString]],
  chooseExportFolder: [],
  exportFiles: [['id', isString], ['destination', isString], ['request', exportRequest]],
  saveBytes: [['id', isString], ['suggestedName', isString], ['source', byteSource]],
  getLogSummary: [['id', isString], ['kind', isLogKind]],
  readLogLines: [['id', isString], ['kind', isLogKind], ['start', isCount], ['count', isCount]],
  filterLog: [['id', isString], ['query', logQuery]],
  getAddressSpace: [['id', isString], ['pid', isPid]],
  readMemory: [['id', isString], ['pid', isPid], ['address', isHex], ['length', isCount]],
  startSearch: [['id', isString], ['query', searchQuery]],
  getSearchResults: [['jobId', isString], ['from', isCount], ['max', isCount]],
  startStrings: [['id', isString], ['query', stringsQuery]],
  getStrings: [['jobId', isString], ['from', isCount], ['max', isCount]],
};

function checkArguments(method: ApiMethod, args: unknown[]): void {
  const signature = SIGNATURES[method];
  if (args.length > signature.length) throw new InspectorError(`${method}: expected ${signature.length} arguments, got ${args.length}`);
  signature.forEach(([name, check], i) => check(args[i], name));
}

/** Builds the handler table: every method validates its arguments, calls the services, and rejects
 *  with an encoded {name, message, file, offset} that survives any bridge. */
export function createHandlers(services: Services): HandlerTable {
  const table = {} as Record<ApiMethod, (...args: unknown[]) => Promise<unknown>>;
  for (const method of API_METHODS) {
    const implementation = services[method] as (...args: unknown[]) => Promise<unknown>;
    table[method] = async (...args: unknown[]) => {
      try {
        checkArguments(method, args);
        return await implementation.apply(services, args);
      } catch (error) {
        throw new Error(encodeErrorInfo(toErrorInfo(error)));
      }
    };
  }
  return table as unknown as HandlerTable;
}
