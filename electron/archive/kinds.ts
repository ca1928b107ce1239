// What each entry of a checkpoint is, from its name (and, for CRIU images, the magic in its first
// bytes). Data first: one row per known name; the functions below only apply the table.

import type { EntryType } from '../../shared/model';
import { CRIU_MAGICS, formatMagic, magicName, readImageMagic } from '../criu/magic';

export interface Kind {
  kindId: string;
  kind: string;
}

export interface KindRule {
  /** Matched against the entry's base name; group 1, when present, is the number in the label. */
  pattern: RegExp;
  kindId: string;
  /** `{n}` is replaced by capture group 1. */
  label: string;
  /** CRIT magic name the image must carry (checked when the first bytes are read). 'RAW' = no header. */
  magic?: string;
}

/** Known file names of CRIU dumps (criu/image-desc.c) and of the container engines' wrapping. */
export const KIND_RULES: readonly KindRule[] = [
  // ---- CRIU images with an id in the name
  { pattern: /^pagemap-shmem-(\d+)\.img$/, kindId: 'criu:pagemap-shmem', label: 'CRIU shmem pagemap, shmid {n}', magic: 'SHMEM_PAGEMAP' },
  { pattern: /^pagemap-(\d+)\.img$/, kindId: 'criu:pagemap', label: 'CRIU pagemap, pid {n}', magic: 'PAGEMAP' },
  { pattern: /^pages-(\d+)\.img$/, kindId: 'criu:pages', label: 'CRIU memory pages (raw), pages id {n}', magic: 'RAW' },
  { pattern: /^core-(\d+)\.img$/, kindId: 'criu:core', label: 'CRIU task core, tid {n}', magic: 'CORE' },
  { pattern: /^fdinfo-(\d+)\.img$/, kindId: 'criu:fdinfo', label: 'CRIU fd table, files id {n}', magic: 'FDINFO' },
  { pattern: /^mm-(\d+)\.img$/, kindId: 'criu:mm', label: 'CRIU memory layout, pid {n}', magic: 'MM' },
  { pattern: /^ids-(\d+)\.img$/, kindId: 'criu:ids', label: 'CRIU namespace and object ids, pid {n}', magic: 'IDS' },
  { pattern: /^fs-(\d+)\.img$/, kindId: 'criu:fs', label: 'CRIU cwd and root, pid {n}', magic: 'FS' },
  { pattern: /^vmas-(\d+)\.img$/, kindId: 'criu:vmas', label: 'CRIU VMAs (old format), pid {n}', magic: 'VMAS' },
  { pattern: /^creds-(\d+)\.img$/, kindId: 'criu:creds', label: 'CRIU credentials (old format), pid {n}', magic: 'CREDS' },
  { pattern: /^sigacts-(\d+)\.img$/, kindId: 'criu:sigacts', label: 'CRIU signal actions (old format), pid {n}', magic: 'SIGACT' },
  { pattern: /^signal-s-(\d+)\.img$/, kindId: 'criu:signal', label: 'CRIU pending shared signals, pid {n}', magic: 'SIGNAL' },
  { pattern: /^signal-p-(\d+)\.img$/, kindId: 'criu:signal', label: 'CRIU pending private signals, tid {n}', magic: 'SIGNAL' },
  { pattern: /^itimers-(\d+)\.img$/, kindId: 'criu:itimers', label: 'CRIU interval timers (old format), pid {n}', magic: 'ITIMERS' },
  { pattern: /^posix-timers-(\d+)\.img$/, kindId: 'criu:posix-timers', label: 'CRIU POSIX timers (old format), pid {n}', magic: 'POSIX_TIMERS' },
  { pattern: /^rlimit-(\d+)\.img$/, kindId: 'criu:rlimit', label: 'CRIU resource limits (old format), pid {n}', magic: 'RLIMIT' },
  { pattern: /^utsns-(\d+)\.img$/, kindId: 'criu:utsns', label: 'CRIU UTS namespace, id {n}', magic: 'UTSNS' },
  { pattern: /^mountpoints-(\d+)\.img$/, kindId: 'criu:mountpoints', label: 'CRIU mount points, namespace id {n}', magic: 'MNTS' },
  { pattern: /^netdev-(\d+)\.img$/, kindId: 'criu:netdev', label: 'CRIU network devices, namespace id {n}', magic: 'NETDEV' },
  { pattern: /^netns-(\d+)\.img$/, kindId: 'criu:netns', label: 'CRIU network namespace, id {n}', magic: 'NETNS' },
  { pattern: /^ipcns-var-(\d+)\.img$/, kindId: 'criu:ipcns-var', label: 'CRIU IPC namespace settings, id {n}', magic: 'IPC_VAR' },
  { pattern: /^ipcns-shm-(\d+)\.img$/, kindId: 'criu:ipcns-shm', label: 'CRIU SysV shared memory, namespace id {n}', magic: 'IPCNS_SHM' },
  { pattern: /^ipcns-msg-(\d+)\.img$/, kindId: 'criu:ipcns-msg', label: 'CRIU SysV message queues, namespace id {n}', magic: 'IPCNS_MSG' },
  { pattern: /^ipcns-sem-(\d+)\.img$/, kindId: 'criu:ipcns-sem', label: 'CRIU SysV semaphores, namespace id {n}', magic: 'IPCNS_SEM' },
  { pattern: /^userns-(\d+)\.img$/, kindId: 'criu:userns', label: 'CRIU user namespace, id {n}', magic: 'USERNS' },
  { pattern: /^pidns-(\d+)\.img$/, kindId: 'criu:pidns', label: 'CRIU PID namespace, id {n}', magic: 'PIDNS' },
  { pattern: /^timens-(\d+)\.img$/, kindId: 'criu:timens', label: 'CRIU time namespace, id {n}', magic: 'TIMENS' },
  { pattern: /^autofs-(\d+)\.img$/, kindId: 'criu:autofs', label: 'CRIU autofs mount, id {n}', magic: 'AUTOFS' },
  { pattern: /^tcp-stream-([0-9a-f]+)\.img$/, kindId: 'criu:tcp-stream', label: 'CRIU TCP stream queues, inode 0x{n}', magic: 'TCP_STREAM' },
  { pattern: /^ghost-file-([0-9a-f]+)\.img$/, kindId: 'criu:ghost-file', label: 'CRIU deleted-file contents, id 0x{n}', magic: 'GHOST_FILE' },
  { pattern: /^tmpfs-dev-(\d+)\.tar\.gz\.img$/, kindId: 'criu:tmpfs', label: 'tmpfs contents (tar.gz), mount id {n}', magic: 'RAW' },
  { pattern: /^tmpfs-(\d+)\.tar\.gz\.img$/, kindId: 'criu:tmpfs', label: 'tmpfs contents (tar.gz), mount id {n}', magic: 'RAW' },
  { pattern: /^ifaddr-(\d+)\.img$/, kindId: 'criu:net-raw', label: 'CRIU interface addresses (raw), namespace id {n}', magic: 'RAW' },
  { pattern: /^route6?-(\d+)\.img$/, kindId: 'criu:net-raw', label: 'CRIU routes (raw), namespace id {n}', magic: 'RAW' },
  { pattern: /^rule-(\d+)\.img$/, kindId: 'criu:net-raw', label: 'CRIU routing rules (raw), namespace id {n}', magic: 'RAW' },
  { pattern: /^ip6?tables-(\d+)\.img$/, kindId: 'criu:net-raw', label: 'CRIU iptables rules (raw), namespace id {n}', magic: 'RAW' },
  { pattern: /^nftables-(\d+)\.img$/, kindId: 'criu:net-raw', label: 'CRIU nftables rules (raw), namespace id {n}', magic: 'RAW' },
  { pattern: /^netns-ct-(\d+)\.img$/, kindId: 'criu:net-raw', label: 'CRIU conntrack table (raw), namespace id {n}', magic: 'RAW' },
  { pattern: /^netns-exp-(\d+)\.img$/, kindId: 'criu:net-raw', label: 'CRIU conntrack expectations (raw), namespace id {n}', magic: 'RAW' },
  // ---- CRIU images with a fixed name
  { pattern: /^inventory\.img$/, kindId: 'criu:inventory', label: 'CRIU inventory', magic: 'INVENTORY' },
  { pattern: /^pstree\.img$/, kindId: 'criu:pstree', label: 'CRIU process tree', magic: 'PSTREE' },
  { pattern: /^files\.img$/, kindId: 'criu:files', label: 'CRIU open files', magic: 'FILES' },
  { pattern: /^reg-files\.img$/, kindId: 'criu:reg-files', label: 'CRIU regular files (old format)', magic: 'REG_FILES' },
  { pattern: /^cgroup\.img$/, kindId: 'criu:cgroup', label: 'CRIU cgroups', magic: 'CGROUP' },
  { pattern: /^seccomp\.img$/, kindId: 'criu:seccomp', label: 'CRIU seccomp filters', magic: 'SECCOMP' },
  { pattern: /^tty\.img$/, kindId: 'criu:tty', label: 'CRIU TTY files', magic: 'TTY_FILES' },
  { pattern: /^tty-info\.img$/, kindId: 'criu:tty-info', label: 'CRIU TTY state', magic: 'TTY_INFO' },
  { pattern: /^tty-data\.img$/, kindId: 'criu:tty-data', label: 'CRIU TTY buffered data', magic: 'TTY_DATA' },
  { pattern: /^pipes\.img$/, kindId: 'criu:pipes', label: 'CRIU pipes', magic: 'PIPES' },
  { pattern: /^pipes-data\.img$/, kindId: 'criu:pipes-data', label: 'CRIU pipe buffers', magic: 'PIPES_DATA' },
  { pattern: /^fifo\.img$/, kindId: 'criu:fifo', label: 'CRIU FIFOs', magic: 'FIFO' },
  { pattern: /^fifo-data\.img$/, kindId: 'criu:fifo-data', label: 'CRIU FIFO buffers', magic: 'FIFO_DATA' },
  { pattern: /^unixsk\.img$/, kindId: 'criu:unixsk', label: 'CRIU unix sockets', magic: 'UNIXSK' },
  { pattern: /^inetsk\.img$/, kindId: 'criu:inetsk', label: 'CRIU inet sockets', magic: 'INETSK' },
  { pattern: /^packetsk\.img$/, kindId: 'criu:packetsk', label: 'CRIU packet sockets', magic: 'PACKETSK' },
  { pattern: /^netlinksk\.img$/, kindId: 'criu:netlinksk', label: 'CRIU netlink sockets', magic: 'NETLINK_SK' },
  { pattern: /^sk-queues\.img$/, kindId: 'criu:sk-queues', label: 'CRIU socket queues', magic: 'SK_QUEUES' },
  { pattern: /^remap-fpath\.img$/, kindId: 'criu:remap-fpath', label: 'CRIU file remaps', magic: 'REMAP_FPATH' },
  { pattern: /^ext-files\.img$/, kindId: 'criu:ext-files', label: 'CRIU external files', magic: 'EXT_FILES' },
  { pattern: /^ns-files\.img$/, kindId: 'criu:ns-files', label: 'CRIU namespace files', magic: 'NS_FILES' },
  { pattern: /^eventfd\.img$/, kindId: 'criu:eventfd', label: 'CRIU eventfds', magic: 'EVENTFD_FILE' },
  { pattern: /^eventpoll\.img$/, kindId: 'criu:eventpoll', label: 'CRIU epoll instances', magic: 'EVENTPOLL_FILE' },
  { pattern: /^eventpoll-tfd\.img$/, kindId: 'criu:eventpoll-tfd', label: 'CRIU epoll targets', magic: 'EVENTPOLL_TFD' },
  { pattern: /^signalfd\.img$/, kindId: 'criu:signalfd', label: 'CRIU signalfds', magic: 'SIGNALFD' },
  { pattern: /^inotify\.img$/, kindId: 'criu:inotify', label: 'CRIU inotify instances', magic: 'INOTIFY_FILE' },
  { pattern: /^inotify-wd\.img$/, kindId: 'criu:inotify-wd', label: 'CRIU inotify watches', magic: 'INOTIFY_WD' },
  { pattern: /^fanotify\.img$/, kindId: 'criu:fanotify', label: 'CRIU fanotify instances', magic: 'FANOTIFY_FILE' },
  { pattern: /^fanotify-mark\.img$/, kindId: 'criu:fanotify-mark', label: 'CRIU fanotify marks', magic: 'FANOTIFY_MARK' },
  { pattern: /^timerfd\.img$/, kindId: 'criu:timerfd', label: 'CRIU timerfds', magic: 'TIMERFD' },
  { pattern: /^filelocks\.img$/, kindId: 'criu:filelocks', label: 'CRIU file locks', magic: 'FILE_LOCKS' },
  { pattern: /^tunfile\.img$/, kindId: 'criu:tunfile', label: 'CRIU tun devices', magic: 'TUNFILE' },
  { pattern: /^cpuinfo\.img$/, kindId: 'criu:cpuinfo', label: 'CRIU CPU features', magic: 'CPUINFO' },
  { pattern: /^binfmt-misc\.img$/, kindId: 'criu:binfmt-misc', label: 'CRIU binfmt_misc entries', magic: 'BINFMT_MISC' },
  { pattern: /^memfd\.img$/, kindId: 'criu:memfd', label: 'CRIU memfd inodes', magic: 'MEMFD_INODE' },
  { pattern: /^bpfmap-file\.img$/, kindId: 'criu:bpfmap-file', label: 'CRIU BPF maps', magic: 'BPFMAP_FILE' },
  { pattern: /^bpfmap-data\.img$/, kindId: 'criu:bpfmap-data', label: 'CRIU BPF map data', magic: 'BPFMAP_DATA' },
  { pattern: /^apparmor\.img$/, kindId: 'criu:apparmor', label: 'CRIU AppArmor profiles', magic: 'APPARMOR' },
  { pattern: /^pidfd\.img$/, kindId: 'criu:pidfd', label: 'CRIU pidfds', magic: 'PIDFD' },
  // ---- CRIU service files and logs (no .img)
  { pattern: /^stats-dump$/, kindId: 'criu:stats-dump', label: 'CRIU dump statistics', magic: 'STATS' },
  { pattern: /^stats-restore$/, kindId: 'criu:stats-restore', label: 'CRIU restore statistics', magic: 'STATS' },
  { pattern: /^irmap-cache$/, kindId: 'criu:irmap-cache', label: 'CRIU inotify path cache', magic: 'IRMAP_CACHE' },
  { pattern: /^dump\.log$/, kindId: 'criu:dump-log', label: 'CRIU dump log' },
  { pattern: /^restore\.log$/, kindId: 'criu:restore-log', label: 'CRIU restore log' },
  { pattern: /^descriptors\.json$/, kindId: 'runc:descriptors', label: 'runc descriptors (stdio fds, JSON)' },
  // ---- container engines (CRI-O, Podman, containerd)
  { pattern: /^spec\.dump$/, kindId: 'oci:spec', label: 'OCI runtime spec' },
  { pattern: /^config\.dump$/, kindId: 'container:config', label: 'container config' },
  { pattern: /^io\.kubernetes\.cri-o\.LogPath$/, kindId: 'container:log', label: 'container log (CRI)' },
  { pattern: /^ctr\.log$/, kindId: 'container:log', label: 'container log (CRI)' },
  { pattern: /^rootfs-diff\.tar$/, kindId: 'container:rootfs-diff', label: 'rootfs diff (tar)' },
  { pattern: /^deleted\.files$/, kindId: 'container:deleted-files', label: 'deleted files list' },
  { pattern: /^bind\.mounts$/, kindId: 'container:bind-mounts', label: 'bind mounts' },
  { pattern: /^network\.status$/, kindId: 'container:network-status', label: 'network status' },
  { pattern: /^devshm-checkpoint\.tar$/, kindId: 'container:devshm', label: '/dev/shm contents (tar)' },
  { pattern: /^status$/, kindId: 'container:status', label: 'container status' },
  { pattern: /^pod\.options$/, kindId: 'pod:options', label: 'pod options' },
  { pattern: /^pod\.dump$/, kindId: 'pod:dump', label: 'pod sandbox config' },
];

/** Directories with a known role. */
const DIR_KINDS: Record<string, Kind> = {
  checkpoint: { kindId: 'criu:image-dir', kind: 'CRIU image directory' },
  artifacts: { kindId: 'container:artifacts', kind: 'engine artifacts' },
};

const TYPE_KINDS: Record<EntryType, Kind> = {
  file: { kindId: 'file', kind: 'file' },
  dir: { kindId: 'dir', kind: 'directory' },
  symlink: { kindId: 'symlink', kind: 'symbolic link' },
  hardlink: { kindId: 'hardlink', kind: 'hard link' },
  chardev: { kindId: 'chardev', kind: 'character device' },
  blockdev: { kindId: 'blockdev', kind: 'block device' },
  fifo: { kindId: 'fifo', kind: 'FIFO' },
  other: { kindId: 'other', kind: 'unsupported entry type' },
};

function baseName(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? path : path.slice(slash + 1);
}

// Fixed names ("^files\.img$") are looked up in a map; only patterns with an id are matched in turn,
// and only against names they can match (".img" or not), since this runs for every entry.
const LITERAL = /^\^((?:[\w-]|\\\.)+)\$$/;
const RULE_BY_NAME = new Map<string, KindRule>();
const IMG_PATTERNS: KindRule[] = [];
const OTHER_PATTERNS: KindRule[] = [];
for (const rule of KIND_RULES) {
  const literal = LITERAL.exec(rule.pattern.source);
  if (literal) RULE_BY_NAME.set(literal[1].replace(/\\\./g, '.'), rule);
  else (rule.pattern.source.endsWith('\\.img$') ? IMG_PATTERNS : OTHER_PATTERNS).push(rule);
}

function findRule(name: string): { rule: KindRule; id?: string } | undefined {
  const literal = RULE_BY_NAME.get(name);
  if (literal) return { rule: literal };
  for (const rule of name.endsWith('.img') ? IMG_PATTERNS : OTHER_PATTERNS) {
    const match = rule.pattern.exec(name);
    if (match) return { rule, id: match[1] };
  }
  return undefined;
}

/** The table row for an entry path (matched on its base name), if any. */
export function kindRuleOf(path: string): KindRule | undefined {
  return findRule(baseName(path))?.rule;
}

/** Kind from the name alone (no bytes read): top-level entries of a checkpoint or an image folder. */
export function kindFromName(path: string, type: EntryType): Kind {
  const name = baseName(path);
  if (type === 'dir') return DIR_KINDS[name] ?? TYPE_KINDS.dir;
  if (type !== 'file') return TYPE_KINDS[type];
  const found = findRule(name);
  if (found) return { kindId: found.rule.kindId, kind: found.rule.label.replace('{n}', found.id ?? '') };
  if (name.endsWith('.img')) return { kindId: 'criu:unknown', kind: 'CRIU image' };
  return TYPE_KINDS.file;
}

/** Kind of a member of a nested archive (a file of the rootfs diff or of /dev/shm): by type only,
 *  since names inside the container's file system say nothing about checkpoint roles. */
export function kindOfMember(type: EntryType, containerKind: Kind): Kind {
  const where = containerKind.kindId === 'container:devshm' ? '/dev/shm' : containerKind.kindId === 'container:rootfs-diff' ? 'rootfs diff' : 'nested archive';
  return { kindId: `member:${TYPE_KINDS[type].kindId}`, kind: `${TYPE_KINDS[type].kind} in ${where}` };
}

/** Whether the first bytes should be read to check or find the kind: every `.img`, and the CRIU
 *  service files (stats-dump...) whose name promises a magic. */
export function needsMagic(path: string, type: EntryType): boolean {
  if (type !== 'file') return false;
  return path.endsWith('.img') || kindRuleOf(path)?.magic !== undefined;
}

export interface MagicVerdict extends Kind {
  /** Set when the bytes disagree with the name. */
  warning?: string;
}

/** Refines the kind of a `.img` entry with the magic of its first bytes (up to 8). */
export function kindWithMagic(path: string, nameKind: Kind, head: Uint8Array): MagicVerdict {
  const found = findRule(baseName(path));
  const expected = found?.rule.magic;
  if (expected === 'RAW') return nameKind; // raw images have no header to check
  const magic = readImageMagic(head);
  if (!magic) {
    if (head.length === 0) return { ...nameKind, warning: 'empty image (no magic)' };
    return { ...nameKind, warning: `image too short for a magic (${head.length} bytes)` };
  }
  const name = magic.type === CRIU_MAGICS.PAGEMAP && expected === 'SHMEM_PAGEMAP' ? 'SHMEM_PAGEMAP' : magicName(magic.type);
  if (expected && name === expected) return nameKind;
  if (!name) {
    const label = `CRIU image, unknown magic ${formatMagic(magic.type)}`;
    if (expected) return { ...nameKind, warning: `expected ${expected} magic ${formatMagic(CRIU_MAGICS[expected])}, found unknown ${formatMagic(magic.type)}` };
    return { kindId: 'criu:unknown', kind: label };
  }
  const byMagic: Kind = { kindId: `criu:${name.toLowerCase().replace(/_/g, '-')}`, kind: `CRIU ${name} image` };
  if (expected) {
    return { ...byMagic, warning: `name says ${expected} but the magic is ${name} (${formatMagic(magic.type)}); kind taken from the magic` };
  }
  if (magic.head === undefined && magic.type !== CRIU_MAGICS.INVENTORY) {
    return { ...byMagic, kind: `${byMagic.kind} (no head magic: pre-v1.1 image)` };
  }
  return byMagic;
}
