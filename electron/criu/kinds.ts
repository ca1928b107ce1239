// The table of CRIU image kinds: for each CRIT magic name, the message type of its entries and the raw
// payloads ("extra") that follow some of them (docs/criu-format.md §1). Plus file-name rules: which
// names are raw (headerless) images, and a human description of an image from its name.
import { KIND_RULES, kindFromName } from '../archive/kinds';
import type { ExtraPayload, Message } from './types';

/** What follows an entry: payloads (offsets absolute in the image) and where the next entry starts. */
export interface ExtraLayout {
  payloads: ExtraPayload[];
  next: number;
}

export interface ExtraContext {
  /** The image bytes available (maybe only the beginning of the image). */
  bytes: Uint8Array;
  /** Offset right after the entry's protobuf payload. */
  offset: number;
  /** Size of the whole image. */
  totalSize: number;
}

export interface ImageKind {
  /** CRIT magic name. */
  magic: string;
  /** Message type of entry `index`; `first` is the decoded first entry. */
  entryType(index: number, first: Message | undefined): string;
  /** Raw data after entry `index`, when the kind has any. */
  extra?(message: Message, index: number, first: Message | undefined, context: ExtraContext): ExtraLayout;
}

const roundUp = (value: number, to: number) => Math.ceil(value / to) * to;

function num(message: Message, field: string): number {
  const value = message[field];
  if (typeof value === 'bigint') return Number(value);
  return typeof value === 'number' ? value : 0;
}

function payloadsInOrder(context: ExtraContext, items: Array<[label: string, length: number]>, padTo = 1): ExtraLayout {
  let offset = context.offset;
  const payloads: ExtraPayload[] = [];
  for (const [label, length] of items) {
    payloads.push({ label, offset, length });
    offset += length;
  }
  return { payloads, next: context.offset + roundUp(offset - context.offset, padTo) };
}

function single(magic: string, type: string, extra?: ImageKind['extra']): ImageKind {
  return { magic, entryType: () => type, extra };
}

const u32At = (bytes: Uint8Array, offset: number) =>
  new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(offset, true);

const KINDS: ImageKind[] = [
  single('INVENTORY', 'inventory_entry'),
  single('PSTREE', 'pstree_entry'),
  single('CORE', 'core_entry'),
  single('IDS', 'task_kobj_ids_entry'),
  single('MM', 'mm_entry'),
  single('VMAS', 'vma_entry'),
  { magic: 'PAGEMAP', entryType: (index) => (index === 0 ? 'pagemap_head' : 'pagemap_entry') },
  { magic: 'SHMEM_PAGEMAP', entryType: (index) => (index === 0 ? 'pagemap_head' : 'pagemap_entry') },
  single('FDINFO', 'fdinfo_entry'),
  single('FILES', 'file_entry'),
  single('REG_FILES', 'reg_file_entry'),
  single('FS', 'fs_entry'),
  single('CREDS', 'creds_entry'),
  single('UTSNS', 'utsns_entry'),
  single('MNTS', 'mnt_entry'),
  single('NETDEV', 'net_device_entry'),
  single('NETNS', 'netns_entry'),
  single('IPC_VAR', 'ipc_var_entry'),
  single('IPCNS_SHM', 'ipc_shm_entry', (message, _i, _f, context) =>
    payloadsInOrder(context, [['data', num(message, 'size')]], 4)),
  single('IPCNS_SEM', 'ipc_sem_entry', (message, _i, _f, context) =>
    payloadsInOrder(context, [['semaphores', 2 * num(message, 'nsems')]], 8)),
  single('IPCNS_MSG', 'ipc_msg_entry', ipcMessages),
  single('TTY_FILES', 'tty_file_entry'),
  single('TTY_INFO', 'tty_info_entry'),
  single('TTY_DATA', 'tty_data_entry'),
  single('PIPES', 'pipe_entry'),
  single('PIPES_DATA', 'pipe_data_entry', (message, _i, _f, context) =>
    payloadsInOrder(context, [['data', num(message, 'bytes')]])),
  single('FIFO', 'fifo_entry'),
  single('FIFO_DATA', 'pipe_data_entry', (message, _i, _f, context) =>
    payloadsInOrder(context, [['data', num(message, 'bytes')]])),
  single('UNIXSK', 'unix_sk_entry'),
  single('INETSK', 'inet_sk_entry'),
  single('PACKETSK', 'packet_sock_entry'),
  single('NETLINK_SK', 'netlink_sk_entry'),
  single('SK_QUEUES', 'sk_packet_entry', (message, _i, _f, context) =>
    payloadsInOrder(context, [['data', num(message, 'length')]])),
  single('TCP_STREAM', 'tcp_stream_entry', (message, _i, _f, context) =>
    payloadsInOrder(context, [['inq', num(message, 'inq_len')], ['outq', num(message, 'outq_len')]])),
  {
    magic: 'GHOST_FILE',
    entryType: (index) => (index === 0 ? 'ghost_file_entry' : 'ghost_chunk_entry'),
    extra: (message, index, first, context) => {
      if (index === 0 && first?.chunks === true) return { payloads: [], next: context.offset };
      if (index === 0) {
        // Not chunked: the rest of the image is the file's content.
        const length = Math.max(0, context.totalSize - context.offset);
        return { payloads: [{ label: 'contents', offset: context.offset, length }], next: context.totalSize };
      }
      return payloadsInOrder(context, [['chunk', num(message, 'len')]]);
    },
  },
  single('REMAP_FPATH', 'remap_file_path_entry'),
  single('EXT_FILES', 'ext_file_entry'),
  single('NS_FILES', 'ns_file_entry'),
  single('EVENTFD_FILE', 'eventfd_file_entry'),
  single('EVENTPOLL_FILE', 'eventpoll_file_entry'),
  single('EVENTPOLL_TFD', 'eventpoll_tfd_entry'),
  single('SIGNALFD', 'signalfd_entry'),
  single('INOTIFY_FILE', 'inotify_file_entry'),
  single('INOTIFY_WD', 'inotify_wd_entry'),
  single('FANOTIFY_FILE', 'fanotify_file_entry'),
  single('FANOTIFY_MARK', 'fanotify_mark_entry'),
  single('TIMERFD', 'timerfd_entry'),
  single('SIGACT', 'sa_entry'),
  single('ITIMERS', 'itimer_entry'),
  single('POSIX_TIMERS', 'posix_timer_entry'),
  single('SIGNAL', 'siginfo_entry'),
  single('RLIMIT', 'rlimit_entry'),
  single('FILE_LOCKS', 'file_lock_entry'),
  single('TUNFILE', 'tunfile_entry'),
  single('CGROUP', 'cgroup_entry'),
  single('CPUINFO', 'cpuinfo_entry'),
  single('USERNS', 'userns_entry'),
  single('SECCOMP', 'seccomp_entry'),
  single('BINFMT_MISC', 'binfmt_misc_entry'),
  single('AUTOFS', 'autofs_entry'),
  single('MEMFD_INODE', 'memfd_inode_entry'),
  single('TIMENS', 'timens_entry'),
  single('PIDNS', 'pidns_entry'),
  single('BPFMAP_FILE', 'bpfmap_file_entry'),
  single('BPFMAP_DATA', 'bpfmap_data_entry', (message, _i, _f, context) =>
    payloadsInOrder(context, [['keys', num(message, 'keys_bytes')], ['values', num(message, 'values_bytes')]])),
  single('APPARMOR', 'apparmor_entry'),
  single('PIDFD', 'pidfd_entry'),
  single('STATS', 'stats_entry'),
  single('IRMAP_CACHE', 'irmap_cache_entry'),
];

/** ipcns-msg: `qnum` times (u32 size, ipc_msg of that size, msize bytes of data padded to 8). */
function ipcMessages(message: Message, _index: number, _first: Message | undefined, context: ExtraContext): ExtraLayout {
  const payloads: ExtraPayload[] = [];
  let offset = context.offset;
  const count = num(message, 'qnum');
  for (let i = 0; i < count; i++) {
    if (offset + 4 > context.bytes.length) break;
    const headerSize = u32At(context.bytes, offset);
    payloads.push({ label: `msg[${i}] header`, offset: offset + 4, length: headerSize });
    const headerEnd = offset + 4 + headerSize;
    if (headerEnd > context.bytes.length) {
      offset = headerEnd;
      break;
    }
    const header = context.bytes.subarray(offset + 4, headerEnd);
    const msize = readMsize(header);
    payloads.push({ label: `msg[${i}]`, offset: headerEnd, length: msize });
    offset = headerEnd + roundUp(msize, 8);
  }
  return { payloads, next: offset };
}

/** Field 2 (msize) of an ipc_msg header, read without the schema to keep this table standalone. */
function readMsize(header: Uint8Array): number {
  let pos = 0;
  while (pos < header.length) {
    const [tag, afterTag] = varint(header, pos);
    pos = afterTag;
    const field = tag >>> 3;
    const wire = tag & 7;
    if (wire === 0) {
      const [value, after] = varint(header, pos);
      if (field === 2) return value;
      pos = after;
    } else if (wire === 1) pos += 8;
    else if (wire === 5) pos += 4;
    else if (wire === 2) {
      const [length, after] = varint(header, pos);
      pos = after + length;
    } else break;
  }
  return 0;
}

function varint(bytes: Uint8Array, pos: number): [number, number] {
  let value = 0;
  let shift = 0;
  while (pos < bytes.length && shift < 64) {
    const byte = bytes[pos++];
    if (shift < 32) value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if ((byte & 0x80) === 0) break;
  }
  return [value, pos];
}

const BY_MAGIC = new Map(KINDS.map((kind) => [kind.magic, kind]));

export function imageKind(magic: string): ImageKind | undefined {
  return BY_MAGIC.get(magic);
}

export function knownKinds(): readonly ImageKind[] {
  return KINDS;
}

// ---------------------------------------------------------------- file names
// The name table is the archive layer's (electron/archive/kinds.ts); these helpers only apply it.

function baseName(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? path : path.slice(slash + 1);
}

function ruleOf(path: string) {
  const name = baseName(path);
  return KIND_RULES.find((rule) => rule.pattern.test(name));
}

/** True for headerless images (pages, tmpfs tarballs, netlink dumps, iptables...): never decoded. */
export function isRawImageName(path: string): boolean {
  return ruleOf(path)?.magic === 'RAW';
}

/** The CRIT magic name a file of this name must carry, when the name is a known CRIU image name. */
export function expectedMagic(path: string): string | undefined {
  const rule = ruleOf(path);
  if (rule?.magic) return rule.magic === 'SHMEM_PAGEMAP' ? 'PAGEMAP' : rule.magic;
  if (rule?.kindId === 'criu:stats-dump' || rule?.kindId === 'criu:stats-restore') return 'STATS';
  if (rule?.kindId === 'criu:irmap-cache') return 'IRMAP_CACHE';
  return undefined;
}

/** "CRIU pagemap, pid 7" — the archive layer's label for the name. */
export function describeImage(path: string): string {
  return kindFromName(path, 'file').kind;
}
