// Sockets of a process: family, type, protocol, state, addresses, buffer sizes and queued bytes.
import type { Socket } from '../../shared/model';
import type { Message } from '../criu/types';
import type { FileObject, FileTable } from './files';
import { ipv6Text } from '../criu/pretty';
import { IP_PROTOCOLS, NETLINK_PROTOCOLS, NETLINK_STATES, SOCKET_FAMILIES, SOCKET_TYPES, TCP_STATES } from './names';
import { Sources, Warnings } from './sources';
import { bytes, msg, num, numbers } from './values';

/** Bytes queued on sockets, from sk-queues.img (per socket id) and tcp-stream-<ino hex>.img. */
export class SocketQueues {
  private readonly packets = new Map<number, number>();

  private constructor(
    private readonly images: string,
    private readonly sources: Sources,
  ) {}

  static async load(sources: Sources, images: string, warnings: Warnings): Promise<SocketQueues> {
    const queues = new SocketQueues(images, sources);
    for (const m of await sources.messages(`${images}sk-queues.img`, warnings)) {
      const id = num(m.id_for);
      const length = num(m.length) ?? 0;
      if (id !== undefined) queues.packets.set(id, (queues.packets.get(id) ?? 0) + length);
    }
    return queues;
  }

  /** Receive-queue bytes of a socket from sk-queues.img (unix, UDP, ... sockets). */
  queued(fileId: number): number | undefined {
    return this.packets.get(fileId);
  }

  get skQueuesImage(): string {
    return `${this.images}sk-queues.img`;
  }

  async tcpStream(ino: number, warnings: Warnings): Promise<{ inq: number; outq: number; image: string } | undefined> {
    const image = `${this.images}tcp-stream-${ino.toString(16)}.img`;
    if (!this.sources.file(image)) return undefined;
    const entry = await this.sources.first(image, warnings, 'TCP queues');
    if (!entry) return undefined;
    return { inq: num(entry.inq_len) ?? 0, outq: num(entry.outq_len) ?? 0, image };
  }
}

export async function describeSocket(
  fd: number,
  file: FileObject,
  files: FileTable,
  queues: SocketQueues,
  warnings: Warnings,
): Promise<Socket | undefined> {
  const b = file.body;
  switch (file.type) {
    case 'INETSK':
      return inetSocket(fd, file, queues, warnings);
    case 'UNIXSK':
      return unixSocket(fd, file, files, queues);
    case 'NETLINKSK':
      return {
        ...common(fd, file, b, queues),
        family: 'NETLINK',
        type: SOCKET_TYPES[num(b.type) ?? 3] ?? 'RAW',
        protocol: NETLINK_PROTOCOLS[num(b.protocol) ?? -1] ?? String(num(b.protocol) ?? ''),
        state: NETLINK_STATES[num(b.state) ?? -1] ?? String(num(b.state) ?? ''),
        local: `portid ${num(b.portid) ?? 0}`,
        remote: `portid ${num(b.dst_portid) ?? 0}`,
        ino: num(b.ino) ?? 0,
      };
    case 'PACKETSK': {
      const proto = num(b.protocol) ?? 0;
      return {
        ...common(fd, file, b, queues),
        family: 'PACKET',
        type: SOCKET_TYPES[num(b.type) ?? -1] ?? String(num(b.type) ?? ''),
        // sll_protocol is in network byte order (ETH_P_ALL 0x0003 is stored as 0x0300).
        protocol: `0x${(((proto & 0xff) << 8) | ((proto >> 8) & 0xff)).toString(16).padStart(4, '0')}`,
        state: '',
        local: `ifindex ${num(b.ifindex) ?? 0}`,
        remote: '',
        ino: 0,
      };
    }
    default:
      return undefined;
  }
}

function common(fd: number, file: FileObject, b: Message, queues: SocketQueues) {
  const opts = msg(b.opts);
  const queued = queues.queued(file.id);
  return {
    fd,
    fileId: file.id,
    sendBuf: num(opts?.so_sndbuf),
    recvBuf: num(opts?.so_rcvbuf),
    recvQueueBytes: queued ?? 0,
    sendQueueBytes: 0,
    ...(queued !== undefined ? { queueImage: queues.skQueuesImage } : {}),
  };
}

async function inetSocket(fd: number, file: FileObject, queues: SocketQueues, warnings: Warnings): Promise<Socket> {
  const b = file.body;
  const family = num(b.family) ?? 2;
  const proto = num(b.proto) ?? 0;
  const state = num(b.state);
  const ino = num(b.ino) ?? 0;
  const socket: Socket = {
    ...common(fd, file, b, queues),
    family: SOCKET_FAMILIES[family] ?? String(family),
    type: SOCKET_TYPES[num(b.type) ?? -1] ?? String(num(b.type) ?? ''),
    protocol: IP_PROTOCOLS[proto] ?? String(proto),
    state: state === undefined ? '' : (TCP_STATES[state] ?? String(state)),
    local: endpoint(numbers(b.src_addr), num(b.src_port) ?? 0, family),
    remote: endpoint(numbers(b.dst_addr), num(b.dst_port) ?? 0, family, true),
    ino,
  };
  const stream = proto === 6 ? await queues.tcpStream(ino, warnings) : undefined;
  if (stream) {
    socket.recvQueueBytes = stream.inq;
    socket.sendQueueBytes = stream.outq;
    socket.queueImage = stream.image;
  }
  return socket;
}

async function unixSocket(fd: number, file: FileObject, files: FileTable, queues: SocketQueues): Promise<Socket> {
  const b = file.body;
  const peer = num(b.peer) ?? 0;
  let remote = '';
  if (peer) {
    const peerFile = files.unixSocket(peer);
    const peerName = peerFile ? boundName(peerFile.body) : '';
    remote = peerName || `socket:[${peer}]`;
  }
  return {
    ...common(fd, file, b, queues),
    family: 'UNIX',
    type: SOCKET_TYPES[num(b.type) ?? -1] ?? String(num(b.type) ?? ''),
    protocol: '',
    state: TCP_STATES[num(b.state) ?? -1] ?? String(num(b.state) ?? ''),
    local: boundName(b),
    remote,
    ino: num(b.ino) ?? 0,
  };
}

/** The name a unix socket was bound to: a relative path is completed with name_dir (the directory
 *  it was bound in), and a socket file removed since is marked like /proc does. */
function boundName(body: Message): string {
  const name = unixName(bytes(body.name));
  if (!name || name.startsWith('@')) return name;
  const dir = typeof body.name_dir === 'string' ? body.name_dir : '';
  const full = !name.startsWith('/') && dir ? `${dir.replace(/\/+$/, '')}/${name}` : name;
  return body.deleted === true ? `${full} (deleted)` : full;
}

const utf8 = new TextDecoder('utf-8');

/** Unix socket names: a path, or an abstract name (leading NUL) shown as "@name". */
export function unixName(name: Uint8Array | undefined): string {
  if (!name || name.length === 0) return '';
  if (name[0] === 0) return `@${utf8.decode(name.subarray(1)).replace(/\0/g, '@')}`;
  const end = name.indexOf(0);
  return utf8.decode(end >= 0 ? name.subarray(0, end) : name);
}

/** "10.0.0.1:80", "[::]:8088"; the remote side of a socket with no peer port is "addr:*" (as ss). */
export function endpoint(words: number[], port: number, family: number, remote = false): string {
  const ip = formatAddress(words, family);
  const shownPort = remote && port === 0 ? '*' : String(port);
  return ip.includes(':') ? `[${ip}]:${shownPort}` : `${ip}:${shownPort}`;
}

/** CRIU stores each address as u32 words holding the bytes in network order as they sat in memory:
 *  writing each word little-endian gives the bytes in order. One word = IPv4, four = IPv6; no word is
 *  the unspecified address of the family. Any other count is corrupt and said so, not guessed. */
export function formatAddress(words: number[], family: number): string {
  if (words.length === 0) return family === 10 ? '::' : '0.0.0.0';
  if (words.length !== 1 && words.length !== 4) return `?(${words.length} address words)`;
  const bytesOut = new Uint8Array(words.length * 4);
  const view = new DataView(bytesOut.buffer);
  words.forEach((w, i) => view.setUint32(i * 4, w >>> 0, true));
  return words.length === 4 ? formatIPv6(bytesOut) : bytesOut.join('.');
}

/** RFC 5952 text: lowercase, longest run of two or more zero groups as "::", IPv4-mapped as dotted. */
export const formatIPv6 = ipv6Text;
