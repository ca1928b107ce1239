// Namespaces and other per-dump state: uts, mounts, ipc, cgroups, seccomp, time, user, pid namespaces.
import { enumeration, message } from '../schema';

message('utsns_entry', `
  1 nodename string req
  2 domainname string req
`);

message('mnt_entry', `
  1 fstype u32 req
  2 mnt_id u32 req
  3 root_dev u32 req dev
  4 parent_mnt_id u32 req
  5 flags u32 req hex
  6 root string req
  7 mountpoint string req
  8 source string req
  9 options string req
  10 shared_id u32
  11 master_id u32
  12 with_plugin bool
  13 ext_mount bool
  14 fsname string
  15 internal_sharing bool
  16 deleted bool
  17 sb_flags u32 hex
  18 ext_key string
`);

message('ipc_var_entry', `
  1 sem_ctls u32 rep
  2 msg_ctlmax u32 req
  3 msg_ctlmnb u32 req
  4 msg_ctlmni u32 req
  5 auto_msgmni u32 req
  6 shm_ctlmax u64 req
  7 shm_ctlall u64 req
  8 shm_ctlmni u32 req
  9 shm_rmid_forced u32 req
  10 mq_queues_max u32 req
  11 mq_msg_max u32 req
  12 mq_msgsize_max u32 req
  13 mq_msg_default u32
  14 mq_msgsize_default u32
  15 msg_next_id u32
  16 sem_next_id u32
  17 shm_next_id u32
`);

message('ipc_desc_entry', `
  1 key u32 req
  2 uid u32 req
  3 gid u32 req
  4 cuid u32 req
  5 cgid u32 req
  6 mode u32 req
  7 id u32 req
`);

message('ipc_shm_entry', `
  1 desc ipc_desc_entry req
  2 size u64 req
  3 in_pagemaps bool
  4 hugetlb_flag u32
`);

message('ipc_sem_entry', `
  1 desc ipc_desc_entry req
  2 nsems u32 req
`);

message('ipc_msg', `
  1 mtype u64 req
  2 msize u32 req
`);

message('ipc_msg_entry', `
  1 desc ipc_desc_entry req
  2 qbytes u32 req
  3 qnum u32 req
`);

message('cgroup_perms', `
  1 mode u32 req
  2 uid u32 req
  3 gid u32 req
`);

message('cgroup_prop_entry', `
  1 name string req
  2 value string req
  3 perms cgroup_perms
`);

message('cgroup_dir_entry', `
  1 dir_name string req
  2 children cgroup_dir_entry rep
  3 properties cgroup_prop_entry rep
  4 dir_perms cgroup_perms
`);

message('cg_controller_entry', `
  1 cnames string rep
  2 dirs cgroup_dir_entry rep
  3 is_threaded bool
`);

message('cg_member_entry', `
  1 name string req
  2 path string req
  3 cgns_prefix u32
`);

message('cg_set_entry', `
  1 id u32 req
  2 ctls cg_member_entry rep
`);

message('cgroup_entry', `
  1 sets cg_set_entry rep
  2 controllers cg_controller_entry rep
`);

message('seccomp_filter', `
  1 filter bytes req
  2 prev u32
  3 flags u32
`);

message('seccomp_entry', `
  1 seccomp_filters seccomp_filter rep
`);

message('timespec', `
  1 tv_sec u64 req
  2 tv_nsec u64 req
`);

message('timens_entry', `
  1 monotonic timespec req
  2 boottime timespec req
`);

message('uid_gid_extent', `
  1 first u32 req
  2 lower_first u32 req
  3 count u32 req
`);

message('userns_entry', `
  1 uid_map uid_gid_extent rep
  2 gid_map uid_gid_extent rep
`);

message('ns_entry', `
  1 id u32 req
  2 ns_cflag u32 req
  3 parent_id u32
  4 userns_id u32
  5 user_ext userns_entry
`);

message('pidns_entry', `
  1 ext_key string
`);

message('autofs_entry', `
  1 fd i32 req
  2 pgrp i32 req
  3 timeout i32 req
  4 minproto i32 req
  5 maxproto i32 req
  6 mode i32 req
  7 uid i32
  8 gid i32
  9 read_fd i32
`);

message('binfmt_misc_entry', `
  1 name string req
  2 enabled bool req
  3 interpreter string req
  4 flags string
  5 extension string
  6 magic string
  7 mask string
  8 offset i32
`);

enumeration('cpuinfo_x86_entry_vendor', 'UNKNOWN=0 INTEL=1 AMD=2');

message('cpuinfo_x86_entry', `
  1 vendor_id enum:cpuinfo_x86_entry_vendor req
  2 cpu_family u32 req
  3 model u32 req
  4 stepping u32 req
  5 capability_ver u32 req
  6 capability u32 rep
  7 model_id string
  8 xfeatures_mask u64
  9 xsave_size u32
  10 xsave_size_max u32
`);

enumeration('cpuinfo_ppc64_entry_endianness', 'BIGENDIAN=0 LITTLEENDIAN=1');

message('cpuinfo_ppc64_entry', `
  1 endian enum:cpuinfo_ppc64_entry_endianness req
  2 hwcap u64 rep
`);

message('cpuinfo_s390_entry', `
  2 hwcap u64 rep
`);

message('cpuinfo_entry', `
  1 x86_entry cpuinfo_x86_entry rep
  2 ppc64_entry cpuinfo_ppc64_entry rep
  3 s390_entry cpuinfo_s390_entry rep
`);

message('aa_policy', `
  1 name string req
  2 blob bytes req
`);

message('aa_namespace', `
  1 name string req
  2 policies aa_policy rep
  3 namespaces aa_namespace rep
`);

message('apparmor_entry', `
  1 namespaces aa_namespace rep
`);

message('sysctl_entry', `
  1 type enum:SysctlType req
  2 iarg i32
  3 sarg string
`);

enumeration('SysctlType', 'CTL_STR=5 CTL_32=6');
