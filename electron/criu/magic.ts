// CRIU image magic numbers (docs/criu-format.md §2, from criu/include/magic.h). The one table of them:
// the archive layer labels `.img` entries with it, the image decoders dispatch on it.

/** Written before the type magic in every image except inventory.img. */
export const IMG_COMMON_MAGIC = 0x54564319;
/** Head magic of service files: stats-dump, stats-restore, irmap-cache. */
export const IMG_SERVICE_MAGIC = 0x55105940;
/** Type magic 0 means a raw image: no header at all (pages-N.img, tmpfs-dev-N.tar.gz.img, ...). */
export const RAW_IMAGE_MAGIC = 0;

/** CRIT magic name -> u32 type magic. */
export const CRIU_MAGICS: Record<string, number> = {
  INVENTORY: 0x58313116,
  PSTREE: 0x50273030,
  CORE: 0x55053847,
  IDS: 0x54432030,
  MM: 0x57492820,
  VMAS: 0x54123737,
  PAGEMAP: 0x56084025,
  SHMEM_PAGEMAP: 0x56084025,
  FDINFO: 0x56213732,
  FILES: 0x56303138,
  REG_FILES: 0x50363636,
  FS: 0x51403912,
  CREDS: 0x54023547,
  UTSNS: 0x54473203,
  MNTS: 0x55563928,
  NETDEV: 0x57373951,
  NETNS: 0x55933752,
  IPC_VAR: 0x53115007,
  IPCNS_SHM: 0x46283044,
  IPCNS_MSG: 0x55453737,
  IPCNS_SEM: 0x59573019,
  TTY_FILES: 0x59433025,
  TTY_INFO: 0x59453036,
  TTY_DATA: 0x59413026,
  PIPES: 0x56513555,
  PIPES_DATA: 0x56453709,
  FIFO: 0x58364939,
  FIFO_DATA: 0x59333054,
  UNIXSK: 0x54373943,
  INETSK: 0x56443851,
  PACKETSK: 0x60454618,
  NETLINK_SK: 0x58005614,
  SK_QUEUES: 0x56264026,
  TCP_STREAM: 0x51465506,
  GHOST_FILE: 0x52583605,
  REMAP_FPATH: 0x59133954,
  EXT_FILES: 0x59255641,
  NS_FILES: 0x61394011,
  EVENTFD_FILE: 0x44523722,
  EVENTPOLL_FILE: 0x45023858,
  EVENTPOLL_TFD: 0x44433746,
  SIGNALFD: 0x57323820,
  INOTIFY_FILE: 0x48424431,
  INOTIFY_WD: 0x54562009,
  FANOTIFY_FILE: 0x55096122,
  FANOTIFY_MARK: 0x56506035,
  TIMERFD: 0x50493712,
  SIGACT: 0x55344201,
  ITIMERS: 0x57464056,
  POSIX_TIMERS: 0x52603957,
  SIGNAL: 0x59255647,
  RLIMIT: 0x57113925,
  FILE_LOCKS: 0x54323616,
  TUNFILE: 0x57143751,
  CGROUP: 0x59383330,
  CPUINFO: 0x61404013,
  USERNS: 0x55474906,
  SECCOMP: 0x64413049,
  BINFMT_MISC: 0x67343323,
  AUTOFS: 0x49353943,
  MEMFD_INODE: 0x48453499,
  TIMENS: 0x43114433,
  PIDNS: 0x61157326,
  BPFMAP_FILE: 0x57506142,
  BPFMAP_DATA: 0x64324033,
  APPARMOR: 0x59423047,
  PIDFD: 0x54435556,
  STATS: 0x57093306,
  IRMAP_CACHE: 0x57004059,
  KERNDAT_CACHE: 0x57023458,
};

const NAME_BY_VALUE = new Map<number, string>();
for (const [name, value] of Object.entries(CRIU_MAGICS)) {
  // PAGEMAP and SHMEM_PAGEMAP share a value; the first name listed wins.
  if (!NAME_BY_VALUE.has(value)) NAME_BY_VALUE.set(value, name);
}

/** The CRIT name of a type magic ("PAGEMAP"), or undefined when unknown. */
export function magicName(value: number): string | undefined {
  return NAME_BY_VALUE.get(value >>> 0);
}

/** "0x56084025" */
export function formatMagic(value: number): string {
  return `0x${(value >>> 0).toString(16).padStart(8, '0')}`;
}

export interface ImageMagic {
  /** IMG_COMMON_MAGIC, IMG_SERVICE_MAGIC, or undefined (inventory, pre-v1.1 images). */
  head?: number;
  /** The type magic; RAW_IMAGE_MAGIC is not detectable from bytes (raw images have no header). */
  type: number;
  /** Bytes taken by the magics (4 or 8). */
  length: number;
}

/** Reads the magics at the start of an image (the reading rule of docs/criu-format.md §1).
 *  Undefined when fewer than 4 bytes are given (or 8 after a head magic). */
export function readImageMagic(bytes: Uint8Array): ImageMagic | undefined {
  if (bytes.length < 4) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const first = view.getUint32(0, true);
  if (first === IMG_COMMON_MAGIC || first === IMG_SERVICE_MAGIC) {
    if (bytes.length < 8) return undefined;
    return { head: first, type: view.getUint32(4, true), length: 8 };
  }
  return { type: first, length: 4 };
}
