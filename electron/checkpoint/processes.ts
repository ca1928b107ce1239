// The process tree with everything per process: state, credentials, threads and registers, argv and
// environment from memory, cwd/root/exe, open files and sockets, memory summary.
import type { AddressSpace, Credentials, FileDescriptor, ProcessInfo, Socket, ThreadInfo } from '../../shared/model';
import type { Message } from '../criu/types';
import { describeError } from '../errors';
import { FileTable } from './files';
import type { ContainerLayout } from './layout';
import { capabilityNames, fdTypeName, SECCOMP_MODES, taskStateName } from './names';
import { architecture, registers } from './registers';
import { describeSocket, SocketQueues } from './sockets';
import { Sources, Warnings } from './sources';
import { bool, hex64Padded, msg, num, numbers, str, words64 } from './values';

/** What the checkpoint model needs from the memory module for one process. */
export interface ProcessMemoryView {
  readArgvEnv(): Promise<{ argv: string[]; env: string[] }>;
  info(): AddressSpace;
}

/** Loads a process's address space (the memory module's loadAddressSpace, bound to the archive). */
export type MemoryLoader = (pid: number, layout: ContainerLayout) => Promise<ProcessMemoryView>;

const PARALLEL_PROCESSES = 8;

interface DumpContext {
  sources: Sources;
  images: string;
  layout: ContainerLayout;
  files: FileTable;
  queues: SocketQueues;
  memory?: MemoryLoader;
}

export async function loadProcesses(
  sources: Sources,
  layout: ContainerLayout,
  memory: MemoryLoader | undefined,
  shared: Warnings,
): Promise<ProcessInfo[]> {
  const images = layout.images;
  const pstreePath = `${images}pstree.img`;
  const tree = await sources.messages(pstreePath, shared, 'process tree');
  const context: DumpContext = {
    sources,
    images,
    layout,
    files: await FileTable.load(sources, images, shared),
    queues: await SocketQueues.load(sources, images, shared),
    memory,
  };
  const seen = new Set<number>();
  const items: Array<{ item: Message; pid: number }> = [];
  for (const item of tree) {
    const pid = num(item.pid);
    if (pid === undefined) {
      shared.add({ file: pstreePath, message: 'process tree entry without a pid' });
      continue;
    }
    if (seen.has(pid)) {
      shared.add({ file: pstreePath, message: `pid ${pid} appears twice in the process tree` });
      continue;
    }
    seen.add(pid);
    items.push({ item, pid });
  }
  // A few processes at a time: each waits on image and memory reads, none is CPU-heavy.
  const processes: ProcessInfo[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      processes[index] = await loadProcess(context, items[index].item, items[index].pid);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_PROCESSES, items.length) }, worker));
  return processes;
}

async function loadProcess(ctx: DumpContext, item: Message, pid: number): Promise<ProcessInfo> {
  const { sources, images } = ctx;
  const warnings = new Warnings();
  const threads = numbers(item.threads);
  const corePath = `${images}core-${pid}.img`;
  const core = await sources.first(corePath, warnings, 'process state, credentials and registers');
  const tc = msg(core?.tc);
  const threadCore = msg(core?.thread_core);
  const state = tc ? taskStateName(num(tc.task_state)) : 'Unknown';
  if (tc && state === 'Unknown' && num(tc.task_state) !== undefined) {
    warnings.add({ file: corePath, message: `task state ${num(tc.task_state)} is none of Alive (1), Dead (2), Stopped (3), Zombie (6)` });
  }
  const arch = architecture(core);

  const info: ProcessInfo = {
    pid,
    ppid: num(item.ppid) ?? 0,
    pgid: num(item.pgid) ?? 0,
    sid: num(item.sid) ?? 0,
    comm: str(tc?.comm) ?? '',
    state,
    threads: threads.length > 0 ? threads : [pid],
    cmdline: [],
    env: [],
    fds: [],
    sockets: [],
    threadInfo: [],
    warnings: [],
  };
  if (state === 'Dead' || state === 'Zombie') info.exitCode = num(tc?.exit_code);
  info.creds = (await credentials(ctx, pid, threadCore, warnings)) ?? undefined;
  const seccomp = num(threadCore?.seccomp_mode) ?? num(tc?.old_seccomp_mode);
  if (seccomp !== undefined) info.seccompMode = SECCOMP_MODES[seccomp] ?? String(seccomp);
  info.threadInfo = await threadInfos(ctx, info.threads, pid, core, arch, warnings);

  // Dead and zombie tasks keep only their core image: no mm, fds, fs or memory to show.
  if (state !== 'Dead' && state !== 'Zombie') {
    await addFilesystem(ctx, info, warnings);
    await addFiles(ctx, info, core, arch, warnings);
    await addMemory(ctx, info, warnings);
  }
  info.warnings = warnings.toArray();
  return info;
}

async function credentials(ctx: DumpContext, pid: number, threadCore: Message | undefined, warnings: Warnings): Promise<Credentials | undefined> {
  let creds = msg(threadCore?.creds);
  // Dumps before creds moved into the core image (CRIU < 1.x) have creds-<pid>.img.
  if (!creds && ctx.sources.file(`${ctx.images}creds-${pid}.img`)) creds = await ctx.sources.first(`${ctx.images}creds-${pid}.img`, warnings);
  if (!creds) return undefined;
  const eff = words64(creds.cap_eff);
  const result: Credentials = {
    uid: num(creds.uid) ?? 0,
    gid: num(creds.gid) ?? 0,
    euid: num(creds.euid) ?? 0,
    egid: num(creds.egid) ?? 0,
    suid: num(creds.suid) ?? 0,
    sgid: num(creds.sgid) ?? 0,
    fsuid: num(creds.fsuid) ?? 0,
    fsgid: num(creds.fsgid) ?? 0,
    capEff: hex64Padded(eff),
    capPrm: hex64Padded(words64(creds.cap_prm)),
    capInh: hex64Padded(words64(creds.cap_inh)),
    capBnd: hex64Padded(words64(creds.cap_bnd)),
    capEffNames: capabilityNames(eff),
    groups: numbers(creds.groups),
  };
  if (creds.cap_amb !== undefined) result.capAmb = hex64Padded(words64(creds.cap_amb));
  const nnp = bool(creds.no_new_privs);
  if (nnp !== undefined) result.noNewPrivs = nnp;
  const lsm = str(creds.lsm_profile);
  if (lsm) result.lsmProfile = lsm;
  return result;
}

async function threadInfos(
  ctx: DumpContext,
  tids: number[],
  pid: number,
  leaderCore: Message | undefined,
  arch: string,
  warnings: Warnings,
): Promise<ThreadInfo[]> {
  const result: ThreadInfo[] = [];
  for (const tid of tids) {
    const core = tid === pid ? leaderCore : await ctx.sources.first(`${ctx.images}core-${tid}.img`, warnings, `registers of thread ${tid}`);
    if (!core) continue;
    const threadCore = msg(core.thread_core);
    const tc = msg(core.tc);
    const thread: ThreadInfo = {
      tid,
      comm: str(threadCore?.comm) ?? str(tc?.comm),
      arch: architecture(core) === 'unknown' ? arch : architecture(core),
      registers: [],
    };
    thread.registers = registers(core, thread.arch);
    if (tc) thread.state = taskStateName(num(tc.task_state));
    result.push(thread);
  }
  return result;
}

async function addFilesystem(ctx: DumpContext, info: ProcessInfo, warnings: Warnings): Promise<void> {
  const fs = await ctx.sources.first(`${ctx.images}fs-${info.pid}.img`, warnings, 'cwd and root');
  if (fs) {
    info.cwd = ctx.files.regPath(num(fs.cwd_id));
    info.root = ctx.files.regPath(num(fs.root_id));
  }
  const mmPath = `${ctx.images}mm-${info.pid}.img`;
  if (ctx.sources.file(mmPath)) {
    const mm = await ctx.sources.first(mmPath, warnings, 'executable and memory map');
    info.exe = ctx.files.regPath(num(mm?.exe_file_id));
  }
}

async function addFiles(ctx: DumpContext, info: ProcessInfo, core: Message | undefined, arch: string, warnings: Warnings): Promise<void> {
  const { sources, images } = ctx;
  const idsPath = `${images}ids-${info.pid}.img`;
  // Old dumps keep the ids in core.ids instead of ids-<pid>.img.
  const ids = sources.file(idsPath) ? await sources.first(idsPath, warnings, 'open files') : msg(core?.ids);
  if (!ids && !sources.file(idsPath)) warnings.add({ file: idsPath, message: 'missing: open files not decodable' });
  const filesId = num(ids?.files_id);
  const candidates = [filesId !== undefined ? `${images}fdinfo-${filesId}.img` : undefined, `${images}fdinfo-${info.pid}.img`];
  const fdinfoPath = candidates.find((p): p is string => p !== undefined && sources.file(p) !== undefined);
  if (!fdinfoPath) {
    if (filesId !== undefined) warnings.add({ file: `${images}fdinfo-${filesId}.img`, message: 'missing: open files not decodable' });
    return;
  }
  const fds: FileDescriptor[] = [];
  const sockets: Socket[] = [];
  for (const entry of await sources.messages(fdinfoPath, warnings, 'open files')) {
    const fd = num(entry.fd);
    const fileId = num(entry.id);
    if (fd === undefined || fileId === undefined) continue;
    const fdType = fdTypeName(num(entry.type));
    const descriptor = ctx.files.describe(fd, num(entry.flags) ?? 0, fileId, fdType, arch);
    const file = ctx.files.lookup(fileId, fdType);
    if (!file) {
      warnings.add({ file: `${images}files.img`, message: `fd ${fd}: file ${fileId} is not in the file table` });
    }
    fds.push(descriptor);
    if (file) {
      const socket = await describeSocket(fd, file, ctx.files, ctx.queues, warnings);
      if (socket) sockets.push(socket);
    }
  }
  info.fds = fds.sort((a, b) => a.fd - b.fd);
  info.sockets = sockets.sort((a, b) => a.fd - b.fd);
}

async function addMemory(ctx: DumpContext, info: ProcessInfo, warnings: Warnings): Promise<void> {
  if (!ctx.memory) return;
  const mmPath = `${ctx.images}mm-${info.pid}.img`;
  if (!ctx.sources.file(mmPath)) {
    warnings.add({ file: mmPath, message: 'missing: command line, environment and memory not decodable' });
    return;
  }
  try {
    const space = await ctx.memory(info.pid, ctx.layout);
    const map = space.info();
    warnings.addAll(map.warnings);
    info.memory = {
      regions: map.regions.length,
      dumpedBytes: map.dumpedBytes,
      sharedBytes: map.regions.filter((r) => r.shared).reduce((sum, r) => sum + r.size, 0),
    };
    try {
      const { argv, env } = await space.readArgvEnv();
      info.cmdline = argv;
      info.env = env;
    } catch (error) {
      warnings.add({ file: mmPath, message: `command line and environment not readable: ${describeError(error)}` });
    }
  } catch (error) {
    warnings.fromError(mmPath, error);
  }
}
