// Register sets of the architectures other than x86_64, aarch64 and arm (those are in process.ts):
// ppc64, s390, mips, loongarch64, riscv64.
import { message } from '../schema';

/** "1 name u64 req" lines for consecutive fields. */
function fields(names: string[], type: string, firstNumber = 1): string {
  return names.map((name, i) => `${firstNumber + i} ${name} ${type} req`).join('\n');
}

const numbered = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}${i}`);

message('user_ppc64_regs_entry', `
  1 gpr u64 rep
  ${fields(['nip', 'msr', 'orig_gpr3', 'ctr', 'link', 'xer', 'ccr', 'trap'], 'u64', 2)}
  10 texasr u64
  11 tfhar u64
  12 tfiar u64
`);
message('user_ppc64_fpstate_entry', '1 fpregs u64 rep');
message('user_ppc64_vrstate_entry', `
  1 vrregs u64 rep
  2 vrsave u32 req
`);
message('user_ppc64_vsxstate_entry', '1 vsxregs u64 rep');
message('user_ppc64_tm_regs_entry', `
  1 gpregs user_ppc64_regs_entry req
  2 fpstate user_ppc64_fpstate_entry
  3 vrstate user_ppc64_vrstate_entry
  4 vsxstate user_ppc64_vsxstate_entry
`);
message('thread_info_ppc64', `
  1 clear_tid_addr u64 req
  2 gpregs user_ppc64_regs_entry req
  3 fpstate user_ppc64_fpstate_entry
  4 vrstate user_ppc64_vrstate_entry
  5 vsxstate user_ppc64_vsxstate_entry
  6 tmstate user_ppc64_tm_regs_entry
`);

message('user_s390_regs_entry', `
  1 psw_mask u64 req
  2 psw_addr u64 req
  3 gprs u64 rep
  4 acrs u32 rep
  5 orig_gpr2 u64 req
  6 system_call u32 req
`);
message('user_s390_vxrs_low_entry', '1 regs u64 rep');
message('user_s390_vxrs_high_entry', '1 regs u64 rep');
message('user_s390_fpregs_entry', `
  1 fpc u32 req
  2 fprs u64 rep
`);
message('user_s390_gs_cb_entry', '1 regs u64 rep');
message('user_s390_ri_entry', `
  1 ri_on u32 req
  2 regs u64 rep
`);
message('thread_info_s390', `
  1 clear_tid_addr u64 req hex
  2 gpregs user_s390_regs_entry req hex
  3 fpregs user_s390_fpregs_entry req hex
  4 vxrs_low user_s390_vxrs_low_entry hex
  5 vxrs_high user_s390_vxrs_high_entry hex
  6 gs_cb user_s390_gs_cb_entry hex
  7 gs_bc user_s390_gs_cb_entry hex
  8 ri_cb user_s390_ri_entry hex
`);

message('user_mips_regs_entry', `
  ${fields([...numbered('r', 32), 'lo', 'hi', 'cp0_epc', 'cp0_badvaddr', 'cp0_status', 'cp0_cause'], 'u64')}
`);
message('user_mips_fpregs_entry', `
  ${fields([...numbered('r', 32), 'lo', 'hi'], 'u64')}
  35 fpu_fcr31 u32 req
  36 fpu_id u32 req
`);
message('thread_info_mips', `
  1 clear_tid_addr u64 req hex
  2 tls u64 req
  3 gpregs user_mips_regs_entry req hex
  4 fpregs user_mips_fpregs_entry req hex
`);

message('user_loongarch64_gpregs_entry', `
  1 regs u64 rep
  2 pc u64 req
`);
message('user_loongarch64_fpregs_entry', `
  1 regs u64 rep
  2 fcc u64 req
  3 fcsr u32 req
`);
message('thread_info_loongarch64', `
  1 clear_tid_addr u64 req hex
  2 tls u64 req
  3 gpregs user_loongarch64_gpregs_entry req hex
  4 fpregs user_loongarch64_fpregs_entry req hex
`);

message('user_riscv64_regs_entry', `
  ${fields(['pc', 'ra', 'sp', 'gp', 'tp', 't0', 't1', 't2', 's0', 's1', 'a0', 'a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7',
    's2', 's3', 's4', 's5', 's6', 's7', 's8', 's9', 's10', 's11', 't3', 't4', 't5', 't6'], 'u64')}
`);
message('user_riscv64_d_ext_entry', `
  1 f u64 rep
  2 fcsr u32 req
`);
message('thread_info_riscv64', `
  1 clear_tid_addr u64 req hex
  2 tls u64 req
  3 gpregs user_riscv64_regs_entry req hex
  4 fpsimd user_riscv64_d_ext_entry req
`);
