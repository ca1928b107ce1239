// Tasks, threads and memory: inventory, pstree, core (all architectures we know), ids, mm, pagemap,
// creds, signals, timers, rlimits, stats. Field numbers per CRIU's images/*.proto (MIT).
import { enumeration, message } from '../schema';

enumeration('lsmtype', 'NO_LSM=0 SELINUX=1 APPARMOR=2');
enumeration('seccomp_mode', 'disabled=0 strict=1 filter=2');
enumeration('march', 'UNKNOWN=0 X86_64=1 ARM=2 AARCH64=3 PPC64=4 S390=5 MIPS=6 LOONGARCH64=7 RISCV64=8');
enumeration('user_x86_regs_mode', 'NATIVE=1 COMPAT=2');

message('plugins_entry', `
  12 plugins string rep
`);

message('inventory_entry', `
  1 img_version u32 req
  2 fdinfo_per_id bool
  3 root_ids task_kobj_ids_entry
  4 ns_per_id bool
  5 root_cg_set u32
  6 lsmtype enum:lsmtype
  8 dump_uptime u64
  9 pre_dump_mode u32
  10 tcp_close bool
  11 network_lock_method u32
  12 plugins_entry plugins_entry
  13 dump_criu_run_id string
  14 allow_uprobes bool
`);

message('pstree_entry', `
  1 pid u32 req
  2 ppid u32 req
  3 pgid u32 req
  4 sid u32 req
  5 threads u32 rep
`);

message('task_kobj_ids_entry', `
  1 vm_id u32 req
  2 files_id u32 req
  3 fs_id u32 req
  4 sighand_id u32 req
  5 pid_ns_id u32
  6 net_ns_id u32
  7 ipc_ns_id u32
  8 uts_ns_id u32
  9 mnt_ns_id u32
  10 user_ns_id u32
  11 cgroup_ns_id u32
  12 time_ns_id u32
`);

// ---------------------------------------------------------------- core

message('core_entry', `
  1 mtype enum:march req
  2 thread_info thread_info_x86
  3 tc task_core_entry
  4 ids task_kobj_ids_entry
  5 thread_core thread_core_entry
  6 ti_arm thread_info_arm
  8 ti_aarch64 thread_info_aarch64
  9 ti_ppc64 thread_info_ppc64
  10 ti_s390 thread_info_s390
  11 ti_mips thread_info_mips
  12 ti_loongarch64 thread_info_loongarch64
  13 ti_riscv64 thread_info_riscv64
`);

message('task_core_entry', `
  1 task_state u32 req dict=gen
  2 exit_code u32 req
  3 personality u32 req
  4 flags u32 req
  5 blk_sigset u64 req hex
  6 comm string req
  7 timers task_timers_entry
  8 rlimits task_rlimits_entry
  9 cg_set u32
  10 signals_s signal_queue_entry
  11 old_seccomp_mode enum:seccomp_mode
  12 old_seccomp_filter u32
  13 loginuid u32
  14 oom_score_adj i32
  15 sigactions sa_entry rep
  18 child_subreaper bool
  20 blk_sigset_extended u64 hex
  21 stop_signo u32
  22 membarrier_registration_mask u32 hex
`);

message('thread_sas_entry', `
  1 ss_sp u64 req
  2 ss_size u64 req
  3 ss_flags u32 req
`);

message('thread_core_entry', `
  1 futex_rla u64 req
  2 futex_rla_len u32 req
  3 sched_nice s32
  4 sched_policy u32
  5 sched_prio u32
  6 blk_sigset u64
  7 sas thread_sas_entry
  8 pdeath_sig u32
  9 signals_p signal_queue_entry
  10 creds creds_entry
  11 seccomp_mode enum:seccomp_mode
  12 seccomp_filter u32
  13 comm string
  14 blk_sigset_extended u64 hex
  15 rseq_entry rseq_entry
  16 cg_set u32
`);

message('task_rlimits_entry', `
  1 rlimits rlimit_entry rep
`);

message('rlimit_entry', `
  1 cur u64 req
  2 max u64 req
`);

message('rseq_entry', `
  1 rseq_abi_pointer u64 req
  2 rseq_abi_size u32 req
  3 signature u32 req
  4 rseq_cs_pointer u64
`);

message('creds_entry', `
  1 uid u32 req
  2 gid u32 req
  3 euid u32 req
  4 egid u32 req
  5 suid u32 req
  6 sgid u32 req
  7 fsuid u32 req
  8 fsgid u32 req
  9 cap_inh u32 rep
  10 cap_prm u32 rep
  11 cap_eff u32 rep
  12 cap_bnd u32 rep
  13 secbits u32 req
  14 groups u32 rep
  15 lsm_profile string
  16 lsm_sockcreate string
  17 apparmor_data bytes
  18 no_new_privs u32
  19 cap_amb u32 rep
`);

message('sa_entry', `
  1 sigaction u64 req hex
  2 flags u64 req hex
  3 restorer u64 req hex
  4 mask u64 req hex
  5 compat_sigaction bool
  6 mask_extended u64 hex
`);

message('siginfo_entry', `
  1 siginfo bytes req
`);

message('signal_queue_entry', `
  1 signals siginfo_entry rep
`);

message('itimer_entry', `
  1 isec u64 req
  2 iusec u64 req
  3 vsec u64 req
  4 vusec u64 req
`);

message('posix_timer_entry', `
  1 it_id u32 req
  2 clock_id u32 req
  3 si_signo u32 req
  4 it_sigev_notify u32 req
  5 sival_ptr u64 req
  6 overrun u32 req
  7 isec u64 req
  8 insec u64 req
  9 vsec u64 req
  10 vnsec u64 req
  11 notify_thread_id i32
`);

message('task_timers_entry', `
  1 real itimer_entry req
  2 virt itimer_entry req
  3 prof itimer_entry req
  4 posix posix_timer_entry rep
`);

// ---------------------------------------------------------------- per-architecture registers

message('user_x86_regs_entry', `
  1 r15 u64 req
  2 r14 u64 req
  3 r13 u64 req
  4 r12 u64 req
  5 bp u64 req
  6 bx u64 req
  7 r11 u64 req
  8 r10 u64 req
  9 r9 u64 req
  10 r8 u64 req
  11 ax u64 req
  12 cx u64 req
  13 dx u64 req
  14 si u64 req
  15 di u64 req
  16 orig_ax u64 req
  17 ip u64 req
  18 cs u64 req
  19 flags u64 req
  20 sp u64 req
  21 ss u64 req
  22 fs_base u64 req
  23 gs_base u64 req
  24 ds u64 req
  25 es u64 req
  26 fs u64 req
  27 gs u64 req
  28 mode enum:user_x86_regs_mode
`);

message('user_x86_cet_entry', `
  1 cet u64 req hex
  2 ssp u64 req hex
`);

message('user_x86_xsave_entry', `
  1 xstate_bv u64 req
  2 ymmh_space u32 rep
  3 bndreg_state u64 rep
  4 bndcsr_state u64 rep
  5 opmask_reg u64 rep
  6 zmm_upper u64 rep
  7 hi16_zmm u64 rep
  8 pkru u32 rep
  9 cet user_x86_cet_entry
`);

message('user_x86_fpregs_entry', `
  1 cwd u32 req
  2 swd u32 req
  3 twd u32 req
  4 fop u32 req
  5 rip u64 req
  6 rdp u64 req
  7 mxcsr u32 req
  8 mxcsr_mask u32 req
  9 st_space u32 rep
  10 xmm_space u32 rep
  11 padding u32 rep
  13 xsave user_x86_xsave_entry
`);

message('user_desc_t', `
  1 entry_number u32 req
  2 base_addr u32 req
  3 limit u32 req
  4 seg_32bit bool req
  5 contents_h bool req
  6 contents_l bool req
  7 read_exec_only bool req
  8 limit_in_pages bool req
  9 seg_not_present bool req
  10 usable bool req
`);

message('thread_info_x86', `
  1 clear_tid_addr u64 req hex
  2 gpregs user_x86_regs_entry req hex
  3 fpregs user_x86_fpregs_entry req
  4 tls user_desc_t rep
`);

message('user_aarch64_regs_entry', `
  1 regs u64 rep
  2 sp u64 req
  3 pc u64 req
  4 pstate u64 req
`);

message('user_aarch64_fpsimd_context_entry', `
  1 vregs u64 rep
  2 fpsr u32 req
  3 fpcr u32 req
`);

message('pac_address_keys', `
  1 apiakey_lo u64 req
  2 apiakey_hi u64 req
  3 apibkey_lo u64 req
  4 apibkey_hi u64 req
  5 apdakey_lo u64 req
  6 apdakey_hi u64 req
  7 apdbkey_lo u64 req
  8 apdbkey_hi u64 req
  9 pac_enabled_key u64 req
`);

message('pac_generic_keys', `
  1 apgakey_lo u64 req
  2 apgakey_hi u64 req
`);

message('pac_keys', `
  6 pac_address_keys pac_address_keys
  7 pac_generic_keys pac_generic_keys
`);

message('thread_info_aarch64', `
  1 clear_tid_addr u64 req hex
  2 tls u64 req
  3 gpregs user_aarch64_regs_entry req hex
  4 fpsimd user_aarch64_fpsimd_context_entry req
  5 pac_keys pac_keys
`);

message('user_arm_regs_entry', `
  1 r0 u32 req
  2 r1 u32 req
  3 r2 u32 req
  4 r3 u32 req
  5 r4 u32 req
  6 r5 u32 req
  7 r6 u32 req
  8 r7 u32 req
  9 r8 u32 req
  10 r9 u32 req
  11 r10 u32 req
  12 fp u32 req
  13 ip u32 req
  14 sp u32 req
  15 lr u32 req
  16 pc u32 req
  17 cpsr u32 req
  18 orig_r0 u32 req
`);

message('user_arm_vfpstate_entry', `
  1 vfp_regs u64 rep
  2 fpscr u32 req
  3 fpexc u32 req
  4 fpinst u32 req
  5 fpinst2 u32 req
`);

message('thread_info_arm', `
  1 clear_tid_addr u64 req hex
  2 tls u32 req
  3 gpregs user_arm_regs_entry req hex
  4 fpstate user_arm_vfpstate_entry req
`);

// ---------------------------------------------------------------- memory

message('mm_entry', `
  1 mm_start_code u64 req hex
  2 mm_end_code u64 req hex
  3 mm_start_data u64 req hex
  4 mm_end_data u64 req hex
  5 mm_start_stack u64 req hex
  6 mm_start_brk u64 req hex
  7 mm_brk u64 req hex
  8 mm_arg_start u64 req hex
  9 mm_arg_end u64 req hex
  10 mm_env_start u64 req hex
  11 mm_env_end u64 req hex
  12 exe_file_id u32 req
  13 mm_saved_auxv u64 rep
  14 vmas vma_entry rep
  15 dumpable i32
  16 aios aio_ring_entry rep
  17 thp_disabled bool
`);

message('aio_ring_entry', `
  1 id u64 req
  2 nr_req u32 req
  3 ring_len u32 req
`);

message('vma_entry', `
  1 start u64 req hex
  2 end u64 req hex
  3 pgoff u64 req
  4 shmid u64 req
  5 prot u32 req flags=mmap.prot
  6 flags u32 req flags=mmap.flags
  7 status u32 req flags=mmap.status
  8 fd s64 req
  9 madv u64 hex
  10 fdflags u32 hex
`);

message('pagemap_head', `
  1 pages_id u32 req
`);

message('pagemap_entry', `
  1 vaddr u64 req hex
  2 compat_nr_pages u32 req
  3 in_parent bool
  4 flags u32 flags=pmap.flags
  5 nr_pages u64
`);

// ---------------------------------------------------------------- statistics (stats-dump, stats-restore)

message('dump_stats_entry', `
  1 freezing_time u32 req
  2 frozen_time u32 req
  3 memdump_time u32 req
  4 memwrite_time u32 req
  5 pages_scanned u64 req
  6 pages_skipped_parent u64 req
  7 pages_written u64 req
  8 irmap_resolve u32
  9 pages_lazy u64 req
  10 page_pipes u64
  11 page_pipe_bufs u64
  12 shpages_scanned u64
  13 shpages_skipped_parent u64
  14 shpages_written u64
`);

message('restore_stats_entry', `
  1 pages_compared u64 req
  2 pages_skipped_cow u64 req
  3 forking_time u32 req
  4 restore_time u32 req
  5 pages_restored u64
`);

message('stats_entry', `
  1 dump dump_stats_entry
  2 restore restore_stats_entry
`);

message('fs_entry', `
  1 cwd_id u32 req
  2 root_id u32 req
  3 umask u32
`);
