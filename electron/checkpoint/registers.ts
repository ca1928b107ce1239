// General-purpose registers of a thread from core-<tid>.img, in each architecture's usual order.
import type { HexString } from '../../shared/model';
import type { Message } from '../criu/types';
import { MACHINES } from './names';
import { big, hex, list, msg } from './values';

/** core_entry field holding each architecture's thread_info. */
const THREAD_INFO_FIELD: Record<string, string> = {
  x86_64: 'thread_info',
  arm: 'ti_arm',
  aarch64: 'ti_aarch64',
  ppc64: 'ti_ppc64',
  s390: 'ti_s390',
  mips: 'ti_mips',
  loongarch64: 'ti_loongarch64',
  riscv64: 'ti_riscv64',
};

/** gdb's order for x86_64 (`info registers`), with CRIU's user_x86_regs_entry field for each. */
const X86_64: Array<[string, string]> = [
  ['rax', 'ax'],
  ['rbx', 'bx'],
  ['rcx', 'cx'],
  ['rdx', 'dx'],
  ['rsi', 'si'],
  ['rdi', 'di'],
  ['rbp', 'bp'],
  ['rsp', 'sp'],
  ['r8', 'r8'],
  ['r9', 'r9'],
  ['r10', 'r10'],
  ['r11', 'r11'],
  ['r12', 'r12'],
  ['r13', 'r13'],
  ['r14', 'r14'],
  ['r15', 'r15'],
  ['rip', 'ip'],
  ['eflags', 'flags'],
  ['cs', 'cs'],
  ['ss', 'ss'],
  ['ds', 'ds'],
  ['es', 'es'],
  ['fs', 'fs'],
  ['gs', 'gs'],
  ['fs_base', 'fs_base'],
  ['gs_base', 'gs_base'],
  ['orig_rax', 'orig_ax'],
];

const ARM: Array<[string, string]> = [
  ...Array.from({ length: 11 }, (_, i): [string, string] => [`r${i}`, `r${i}`]),
  ['fp', 'fp'],
  ['ip', 'ip'],
  ['sp', 'sp'],
  ['lr', 'lr'],
  ['pc', 'pc'],
  ['cpsr', 'cpsr'],
  ['orig_r0', 'orig_r0'],
];

export function architecture(core: Message | undefined): string {
  const mtype = typeof core?.mtype === 'number' ? core.mtype : undefined;
  if (mtype !== undefined && MACHINES[mtype]) return MACHINES[mtype];
  // mtype missing or unknown: go by which thread_info is present.
  for (const [arch, field] of Object.entries(THREAD_INFO_FIELD)) if (core && msg(core[field])) return arch;
  return 'unknown';
}

export function registers(core: Message | undefined, arch: string): Array<[string, HexString]> {
  const info = core ? msg(core[THREAD_INFO_FIELD[arch] ?? '']) : undefined;
  const gpregs = msg(info?.gpregs);
  if (!gpregs) return [];
  if (arch === 'x86_64') return named(gpregs, X86_64);
  if (arch === 'arm') return named(gpregs, ARM);
  if (arch === 'aarch64') {
    const regs: Array<[string, HexString]> = list(gpregs.regs).map((v, i) => [`x${i}`, hex(big(v) ?? 0n)]);
    return [...regs, ...named(gpregs, [['sp', 'sp'], ['pc', 'pc'], ['pstate', 'pstate']])];
  }
  return flatten(gpregs);
}

function named(gpregs: Message, order: Array<[string, string]>): Array<[string, HexString]> {
  const out: Array<[string, HexString]> = [];
  for (const [name, field] of order) {
    const value = big(gpregs[field]);
    if (value !== undefined) out.push([name, hex(value)]);
  }
  return out;
}

/** Other architectures: every numeric field in decode order, arrays as name0, name1 ... */
function flatten(gpregs: Message): Array<[string, HexString]> {
  const out: Array<[string, HexString]> = [];
  for (const [field, value] of Object.entries(gpregs)) {
    if (field === '__unknown') continue;
    if (Array.isArray(value)) {
      value.forEach((v, i) => {
        const b = big(v);
        if (b !== undefined) out.push([`${field}${i}`, hex(b)]);
      });
    } else {
      const b = big(value);
      if (b !== undefined) out.push([field, hex(b)]);
    }
  }
  return out;
}
