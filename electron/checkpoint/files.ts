// The dump-wide file table (files.img, or the per-type images of old dumps) and what each open file
// is: REG paths, pipe:[id], socket:[ino], anon_inode:[eventfd] ... as /proc/<pid>/fd would show them.
import type { FileDescriptor } from '../../shared/model';
import type { Message } from '../criu/types';
import { fdTypeName, NAMESPACE_FLAGS, O_CLOEXEC, openFlagNames } from './names';
import { Sources, Warnings } from './sources';
import { bool, msg, num } from './values';

/** One open-file object: its fd type, id and the type-specific sub-message. */
export interface FileObject {
  type: string;
  id: number;
  body: Message;
}

/** file_entry field name of each fd type's sub-message (images/fdinfo.proto). */
const BODY_FIELD: Record<string, string> = {
  REG: 'reg',
  INETSK: 'isk',
  NS: 'nsf',
  PACKETSK: 'psk',
  NETLINKSK: 'nlsk',
  EVENTFD: 'efd',
  EVENTPOLL: 'epfd',
  SIGNALFD: 'sgfd',
  TUNF: 'tunf',
  TIMERFD: 'tfd',
  INOTIFY: 'ify',
  FANOTIFY: 'ffy',
  EXT: 'ext',
  UNIXSK: 'usk',
  FIFO: 'fifo',
  PIPE: 'pipe',
  TTY: 'tty',
  MEMFD: 'memfd',
  BPFMAP: 'bpf',
  PIDFD: 'pidfd',
};

/** Images of dumps older than files.img (CRIU < 3.x), one per fd type. */
const LEGACY_IMAGES: Array<[string, string]> = [
  ['reg-files.img', 'REG'],
  ['pipes.img', 'PIPE'],
  ['fifo.img', 'FIFO'],
  ['inetsk.img', 'INETSK'],
  ['unixsk.img', 'UNIXSK'],
  ['packetsk.img', 'PACKETSK'],
  ['netlinksk.img', 'NETLINKSK'],
  ['eventfd.img', 'EVENTFD'],
  ['eventpoll.img', 'EVENTPOLL'],
  ['signalfd.img', 'SIGNALFD'],
  ['inotify.img', 'INOTIFY'],
  ['fanotify.img', 'FANOTIFY'],
  ['timerfd.img', 'TIMERFD'],
  ['tty.img', 'TTY'],
  ['tunfile.img', 'TUNF'],
  ['ext-files.img', 'EXT'],
  ['ns-files.img', 'NS'],
];

export interface RemapInfo {
  remapId: number;
  /** 0 LINKED, 1 GHOST, 2 PROCFS */
  remapType: number;
}

/** Everything an fd description needs that is shared by all processes of the dump. */
export class FileTable {
  /** By id. CRIU saves a FIFO's, TTY's or TUN file's path and open flags as a REG entry with the same
   *  id as the typed entry (files-reg engine reuse in fifo.c/tty.c/tun.c): here the typed entry wins,
   *  and the REG twin stays reachable in `regs`. */
  readonly files = new Map<number, FileObject>();
  /** REG entries by id (paths of cwd, root, exe, and of the FIFO/TTY/TUN twins). */
  readonly regs = new Map<number, FileObject>();
  readonly remaps = new Map<number, RemapInfo>();
  /** memfd inode id -> name (memfd.img). */
  readonly memfdNames = new Map<number, string>();
  /** tty-info id -> {type, index} (tty-info.img). */
  readonly ttyInfo = new Map<number, { type: number; index?: number }>();

  constructor(
    private readonly images: string,
    private readonly sources: Sources,
  ) {}

  static async load(sources: Sources, images: string, warnings: Warnings): Promise<FileTable> {
    const table = new FileTable(images, sources);
    await table.loadFiles(warnings);
    for (const m of await sources.messages(`${images}remap-fpath.img`, warnings)) {
      const orig = num(m.orig_id);
      let remapId = num(m.remap_id);
      let remapType = num(m.remap_type);
      if (orig === undefined || remapId === undefined) continue;
      // Old images: no remap_type, bit 31 of remap_id marks a ghost.
      if (remapType === undefined) {
        remapType = remapId & 0x80000000 ? 1 : 0;
        remapId = remapId & 0x7fffffff;
      }
      table.remaps.set(orig, { remapId, remapType });
    }
    for (const m of await sources.messages(`${images}memfd.img`, warnings)) {
      const id = num(m.inode_id);
      if (id !== undefined && typeof m.name === 'string') table.memfdNames.set(id, m.name);
    }
    for (const m of await sources.messages(`${images}tty-info.img`, warnings)) {
      const id = num(m.id);
      if (id !== undefined) table.ttyInfo.set(id, { type: num(m.type) ?? 0, index: num(msg(m.pty)?.index) });
    }
    return table;
  }

  private async loadFiles(warnings: Warnings): Promise<void> {
    const filesPath = `${this.images}files.img`;
    if (this.sources.file(filesPath)) {
      for (const m of await this.sources.messages(filesPath, warnings)) {
        const type = fdTypeName(num(m.type));
        const id = num(m.id);
        const body = msg(m[BODY_FIELD[type] ?? '']);
        if (id !== undefined) this.add({ type, id, body: body ?? {} });
      }
      return;
    }
    for (const [image, type] of LEGACY_IMAGES) {
      const path = `${this.images}${image}`;
      if (!this.sources.file(path)) continue;
      for (const m of await this.sources.messages(path, warnings)) {
        const id = num(m.id);
        if (id !== undefined) this.add({ type, id, body: m });
      }
    }
  }

  private add(file: FileObject): void {
    if (file.type === 'REG') {
      if (!this.regs.has(file.id)) this.regs.set(file.id, file);
      if (!this.files.has(file.id)) this.files.set(file.id, file);
      return;
    }
    const existing = this.files.get(file.id);
    if (!existing || existing.type === 'REG') this.files.set(file.id, file);
  }

  /** The file object an fd refers to: fdinfo names both the id and the type. */
  lookup(fileId: number, fdType?: string): FileObject | undefined {
    if (fdType === 'REG') return this.regs.get(fileId) ?? this.files.get(fileId);
    return this.files.get(fileId);
  }

  private unixByIno?: Map<number, FileObject>;

  /** The unix socket with inode `ino` (a socket's peer), if it is in the dump. */
  unixSocket(ino: number): FileObject | undefined {
    if (!this.unixByIno) {
      this.unixByIno = new Map();
      for (const f of this.files.values()) {
        const fileIno = num(f.body.ino);
        if (f.type === 'UNIXSK' && fileIno !== undefined) this.unixByIno.set(fileIno, f);
      }
    }
    return this.unixByIno.get(ino);
  }

  /** Path of a REG file object (cwd, root, exe, fifo and tty backing files). */
  regPath(id: number | undefined): string | undefined {
    if (id === undefined) return undefined;
    const file = this.regs.get(id);
    return file && typeof file.body.name === 'string' ? file.body.name : undefined;
  }

  /** Name of the ghost image holding the content of a deleted-but-open file, if it is in the dump. */
  ghostImage(fileId: number): string | undefined {
    const remap = this.remaps.get(fileId);
    if (!remap || remap.remapType !== 1) return undefined;
    const path = `${this.images}ghost-file-${remap.remapId.toString(16)}.img`;
    return this.sources.file(path) ? path : undefined;
  }

  describe(fd: number, fdFlags: number, fileId: number, fdType: string, arch: string): FileDescriptor {
    const file = this.lookup(fileId, fdType);
    const type = file?.type ?? fdType;
    const body = file?.body ?? {};
    // fifo_entry has no flags: the open flags are those of its REG twin.
    let flags = num(body.flags) ?? num(this.regs.get(fileId)?.body.flags) ?? 0;
    // fdinfo flags are fd flags: FD_CLOEXEC (1) is shown like /proc/<pid>/fdinfo does, as O_CLOEXEC.
    if (fdFlags & 1) flags |= O_CLOEXEC;
    const descriptor: FileDescriptor = {
      fd,
      type,
      path: file ? this.pathOf(file) : `${type}.${fileId} (file ${fileId} not in the file table)`,
      flags,
      flagNames: openFlagNames(flags, arch),
      fileId,
    };
    const pos = num(body.pos);
    if (pos !== undefined && (type === 'REG' || type === 'MEMFD')) descriptor.pos = pos;
    if (type === 'REG' && this.isDeleted(fileId)) {
      descriptor.deleted = true;
      const ghost = this.ghostImage(fileId);
      if (ghost) descriptor.ghostImage = ghost;
    }
    return descriptor;
  }

  /** Ghost (contents saved) and linked (kept under a temporary link) remaps are files that were
   *  deleted while open; procfs remaps are /proc paths and not deleted. */
  private isDeleted(fileId: number): boolean {
    const remap = this.remaps.get(fileId);
    return remap !== undefined && remap.remapType !== 2;
  }

  private pathOf(file: FileObject): string {
    const b = file.body;
    switch (file.type) {
      case 'REG': {
        const name = typeof b.name === 'string' ? b.name : `REG.${file.id}`;
        return this.isDeleted(file.id) ? `${name} (deleted)` : name;
      }
      case 'PIPE':
        return `pipe:[${num(b.pipe_id) ?? '?'}]`;
      case 'FIFO':
        return this.regPath(num(b.regf_id)) ?? this.regPath(file.id) ?? `fifo:[${num(b.pipe_id) ?? '?'}]`;
      case 'INETSK':
      case 'UNIXSK':
      case 'NETLINKSK':
        return `socket:[${num(b.ino) ?? '?'}]`;
      case 'PACKETSK':
        return `socket:[packet ${file.id}]`;
      case 'EVENTFD':
        return 'anon_inode:[eventfd]';
      case 'EVENTPOLL':
        return 'anon_inode:[eventpoll]';
      case 'SIGNALFD':
        return 'anon_inode:[signalfd]';
      case 'TIMERFD':
        return 'anon_inode:[timerfd]';
      case 'INOTIFY':
        return 'anon_inode:inotify';
      case 'FANOTIFY':
        return 'anon_inode:[fanotify]';
      case 'PIDFD':
        return 'anon_inode:[pidfd]';
      case 'BPFMAP':
        return 'anon_inode:bpf-map';
      case 'TUNF':
        return this.regPath(file.id) ?? '/dev/net/tun';
      case 'MEMFD': {
        const name = this.memfdNames.get(num(b.inode_id) ?? -1);
        return name !== undefined ? `/memfd:${name} (deleted)` : `memfd:[${num(b.inode_id) ?? '?'}]`;
      }
      case 'TTY':
        return this.ttyPath(b, file.id) ?? `TTY.${file.id}`;
      case 'NS': {
        const kind = NAMESPACE_FLAGS[num(b.ns_cflag) ?? 0] ?? 'ns';
        return `${kind}:[ns ${num(b.ns_id) ?? '?'}]`;
      }
      default:
        return bool(b.ext) ? `ext:[${file.id}]` : `${file.type}.${file.id}`;
    }
  }

  /** tty files name their device through a REG entry (regf_id, or the tty's own id in dumps that
   *  reuse it) or tty-info (pty index). */
  private ttyPath(body: Message, id: number): string | undefined {
    const reg = this.regPath(num(body.regf_id)) ?? this.regPath(id);
    if (reg) return reg;
    const info = this.ttyInfo.get(num(body.tty_info_id) ?? -1);
    if (!info) return undefined;
    if (info.type === 1 && info.index !== undefined) return `/dev/pts/${info.index}`;
    if (info.type === 2) return '/dev/console';
    if (info.type === 4) return '/dev/tty';
    return undefined;
  }
}
