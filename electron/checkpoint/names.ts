// Number -> name tables for the values CRIU stores as raw kernel numbers.
import type { TaskState } from '../../shared/model';

/** compel/include/uapi/task-state.h (crit's pretty printer swaps 3 and 6; these are the real ones). */
export function taskStateName(value: number | undefined): TaskState {
  switch (value) {
    case 1:
      return 'Alive';
    case 2:
      return 'Dead';
    case 3:
      return 'Stopped';
    case 6:
      return 'Zombie';
    default:
      return 'Unknown';
  }
}

/** images/fdinfo.proto enum fd_types. */
const FD_TYPES: Record<number, string> = {
  0: 'UND',
  1: 'REG',
  2: 'PIPE',
  3: 'FIFO',
  4: 'INETSK',
  5: 'UNIXSK',
  6: 'EVENTFD',
  7: 'EVENTPOLL',
  8: 'INOTIFY',
  9: 'SIGNALFD',
  10: 'PACKETSK',
  11: 'TTY',
  12: 'FANOTIFY',
  13: 'NETLINKSK',
  14: 'NS',
  15: 'TUNF',
  16: 'EXT',
  17: 'TIMERFD',
  18: 'MEMFD',
  19: 'BPFMAP',
  20: 'PIDFD',
  65534: 'CTL_TTY',
  65535: 'AUTOFS_PIPE',
};

export function fdTypeName(value: number | undefined): string {
  if (value === undefined) return 'UND';
  return FD_TYPES[value] ?? `TYPE_${value}`;
}

/** Linux capability numbers (include/uapi/linux/capability.h). */
const CAPABILITIES = [
  'CAP_CHOWN',
  'CAP_DAC_OVERRIDE',
  'CAP_DAC_READ_SEARCH',
  'CAP_FOWNER',
  'CAP_FSETID',
  'CAP_KILL',
  'CAP_SETGID',
  'CAP_SETUID',
  'CAP_SETPCAP',
  'CAP_LINUX_IMMUTABLE',
  'CAP_NET_BIND_SERVICE',
  'CAP_NET_BROADCAST',
  'CAP_NET_ADMIN',
  'CAP_NET_RAW',
  'CAP_IPC_LOCK',
  'CAP_IPC_OWNER',
  'CAP_SYS_MODULE',
  'CAP_SYS_RAWIO',
  'CAP_SYS_CHROOT',
  'CAP_SYS_PTRACE',
  'CAP_SYS_PACCT',
  'CAP_SYS_ADMIN',
  'CAP_SYS_BOOT',
  'CAP_SYS_NICE',
  'CAP_SYS_RESOURCE',
  'CAP_SYS_TIME',
  'CAP_SYS_TTY_CONFIG',
  'CAP_MKNOD',
  'CAP_LEASE',
  'CAP_AUDIT_WRITE',
  'CAP_AUDIT_CONTROL',
  'CAP_SETFCAP',
  'CAP_MAC_OVERRIDE',
  'CAP_MAC_ADMIN',
  'CAP_SYSLOG',
  'CAP_WAKE_ALARM',
  'CAP_BLOCK_SUSPEND',
  'CAP_AUDIT_READ',
  'CAP_PERFMON',
  'CAP_BPF',
  'CAP_CHECKPOINT_RESTORE',
];

/** Names of the bits set in a 64-bit capability set; unknown bits as "CAP_<n>". */
export function capabilityNames(set: bigint): string[] {
  const names: string[] = [];
  for (let bit = 0; bit < 64; bit++) {
    if ((set >> BigInt(bit)) & 1n) names.push(CAPABILITIES[bit] ?? `CAP_${bit}`);
  }
  return names;
}

/** Open-file status flags. Values are the generic Linux ones (x86_64 and most others); aarch64 and
 *  arm move four of them, see ARM_FLAGS. O_RDONLY/O_WRONLY/O_RDWR are the access mode (low 2 bits). */
const GENERIC_FLAGS: Array<[number, string]> = [
  [0o100, 'O_CREAT'],
  [0o200, 'O_EXCL'],
  [0o400, 'O_NOCTTY'],
  [0o1000, 'O_TRUNC'],
  [0o2000, 'O_APPEND'],
  [0o4000, 'O_NONBLOCK'],
  [0o10000, 'O_DSYNC'],
  [0o20000, 'FASYNC'],
  [0o40000, 'O_DIRECT'],
  [0o100000, 'O_LARGEFILE'],
  [0o200000, 'O_DIRECTORY'],
  [0o400000, 'O_NOFOLLOW'],
  [0o1000000, 'O_NOATIME'],
  [0o2000000, 'O_CLOEXEC'],
  [0o4000000, '__O_SYNC'],
  [0o10000000, 'O_PATH'],
  [0o20000000, '__O_TMPFILE'],
];

const ARM_MOVED: Record<string, number> = {
  O_DIRECTORY: 0o40000,
  O_NOFOLLOW: 0o100000,
  O_DIRECT: 0o200000,
  O_LARGEFILE: 0o400000,
};

const ARM_FLAGS: Array<[number, string]> = GENERIC_FLAGS.map(([bit, name]) => [ARM_MOVED[name] ?? bit, name]);

export const O_CLOEXEC = 0o2000000;

/** "O_RDWR", "O_APPEND", "O_CLOEXEC" ... for open flags; unknown bits as hex. */
export function openFlagNames(flags: number, arch = 'x86_64'): string[] {
  const table = arch === 'aarch64' || arch === 'arm' ? ARM_FLAGS : GENERIC_FLAGS;
  const access = flags & 3;
  const names = [access === 0 ? 'O_RDONLY' : access === 1 ? 'O_WRONLY' : access === 2 ? 'O_RDWR' : 'O_ACCMODE'];
  let rest = flags & ~3;
  for (const [bit, name] of table) {
    if (rest & bit) {
      names.push(name);
      rest &= ~bit;
    }
  }
  if (rest) names.push(`0x${(rest >>> 0).toString(16)}`);
  return names;
}

export const SOCKET_FAMILIES: Record<number, string> = { 1: 'UNIX', 2: 'INET', 10: 'INET6', 16: 'NETLINK', 17: 'PACKET' };

export const SOCKET_TYPES: Record<number, string> = {
  1: 'STREAM',
  2: 'DGRAM',
  3: 'RAW',
  4: 'RDM',
  5: 'SEQPACKET',
  6: 'DCCP',
  10: 'PACKET',
};

export const IP_PROTOCOLS: Record<number, string> = {
  0: 'IP',
  1: 'ICMP',
  6: 'TCP',
  17: 'UDP',
  58: 'ICMPV6',
  132: 'SCTP',
  136: 'UDPLITE',
  255: 'RAW',
};

/** Linux TCP states (include/net/tcp_states.h); unix and UDP sockets reuse them. */
export const TCP_STATES: Record<number, string> = {
  1: 'ESTABLISHED',
  2: 'SYN_SENT',
  3: 'SYN_RECV',
  4: 'FIN_WAIT1',
  5: 'FIN_WAIT2',
  6: 'TIME_WAIT',
  7: 'CLOSE',
  8: 'CLOSE_WAIT',
  9: 'LAST_ACK',
  10: 'LISTEN',
  11: 'CLOSING',
  12: 'NEW_SYN_RECV',
};

/** Netlink socket states (net/netlink/af_netlink.h), not TCP ones. */
export const NETLINK_STATES: Record<number, string> = { 0: 'UNCONNECTED', 1: 'CONNECTED' };

export const NETLINK_PROTOCOLS: Record<number, string> = {
  0: 'ROUTE',
  2: 'USERSOCK',
  4: 'SOCK_DIAG',
  5: 'NFLOG',
  6: 'XFRM',
  7: 'SELINUX',
  8: 'ISCSI',
  9: 'AUDIT',
  10: 'FIB_LOOKUP',
  11: 'CONNECTOR',
  12: 'NETFILTER',
  13: 'IP6_FW',
  14: 'DNRTMSG',
  15: 'KOBJECT_UEVENT',
  16: 'GENERIC',
  18: 'SCSITRANSPORT',
  19: 'ECRYPTFS',
  20: 'RDMA',
  21: 'CRYPTO',
  22: 'SMC',
};

/** images/mnt.proto enum fstype. */
const FSTYPES: Record<number, string> = {
  0: 'unsupported',
  1: 'proc',
  2: 'sysfs',
  3: 'devtmpfs',
  4: 'binfmt_misc',
  5: 'tmpfs',
  6: 'devpts',
  7: 'simfs',
  8: 'pstore',
  9: 'securityfs',
  10: 'fusectl',
  11: 'debugfs',
  12: 'cgroup',
  13: 'aufs',
  14: 'mqueue',
  15: 'fuse',
  16: 'auto',
  17: 'overlay',
  18: 'autofs',
  19: 'tracefs',
  23: 'cgroup2',
};

export function fstypeName(value: number | undefined): string {
  if (value === undefined) return 'unknown';
  return FSTYPES[value] ?? `fstype ${value}`;
}

/** images/core.proto enum march -> the architecture name used in ThreadInfo. */
export const MACHINES: Record<number, string> = {
  1: 'x86_64',
  2: 'arm',
  3: 'aarch64',
  4: 'ppc64',
  5: 's390',
  6: 'mips',
  7: 'loongarch64',
  8: 'riscv64',
};

export const SECCOMP_MODES: Record<number, string> = { 0: 'disabled', 1: 'strict', 2: 'filter' };

/** CLONE_NEW* flag -> /proc/<pid>/ns name, for ns file descriptors. */
export const NAMESPACE_FLAGS: Record<number, string> = {
  0x00000080: 'time',
  0x00020000: 'mnt',
  0x02000000: 'cgroup',
  0x04000000: 'uts',
  0x08000000: 'ipc',
  0x10000000: 'user',
  0x20000000: 'pid',
  0x40000000: 'net',
};
