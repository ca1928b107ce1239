// Files and sockets: fdinfo, files.img (file_entry) and every per-type entry it embeds, which are also
// the entries of the pre-files.img per-type images (reg-files, inetsk, unixsk, pipes, ...).
import { enumeration, message } from '../schema';

enumeration('fd_types', `UND=0 REG=1 PIPE=2 FIFO=3 INETSK=4 UNIXSK=5 EVENTFD=6 EVENTPOLL=7 INOTIFY=8
  SIGNALFD=9 PACKETSK=10 TTY=11 FANOTIFY=12 NETLINKSK=13 NS=14 TUNF=15 EXT=16 TIMERFD=17 MEMFD=18
  BPFMAP=19 PIDFD=20 CTL_TTY=65534 AUTOFS_PIPE=65535`);
enumeration('sk_shutdown', 'NONE=0 READ=1 WRITE=2 BOTH=3');
enumeration('TtyType', 'UNKNOWN=0 PTY=1 CONSOLE=2 VT=3 CTTY=4 EXT_TTY=5 SERIAL=6');
enumeration('mark_type', 'INODE=1 MOUNT=2');
enumeration('remap_type', 'LINKED=0 GHOST=1 PROCFS=2');

message('fdinfo_entry', `
  1 id u32 req
  2 flags u32 req
  3 type enum:fd_types req
  4 fd u32 req
  5 xattr_security_selinux string
`);

message('file_entry', `
  1 type enum:fd_types req
  2 id u32 req
  3 reg reg_file_entry
  4 isk inet_sk_entry
  5 nsf ns_file_entry
  6 psk packet_sock_entry
  7 nlsk netlink_sk_entry
  8 efd eventfd_file_entry
  9 epfd eventpoll_file_entry
  10 sgfd signalfd_entry
  11 tunf tunfile_entry
  12 tfd timerfd_entry
  13 ify inotify_file_entry
  14 ffy fanotify_file_entry
  15 ext ext_file_entry
  16 usk unix_sk_entry
  17 fifo fifo_entry
  18 pipe pipe_entry
  19 tty tty_file_entry
  20 memfd memfd_file_entry
  21 bpf bpfmap_file_entry
  22 pidfd pidfd_entry
`);

message('fown_entry', `
  1 uid u32 req
  2 euid u32 req
  3 signum u32 req
  4 pid_type u32 req
  5 pid u32 req
`);

message('reg_file_entry', `
  1 id u32 req
  2 flags u32 req flags=rfile.flags
  3 pos u64 req
  5 fown fown_entry req
  6 name string req
  7 mnt_id s32
  8 size u64
  9 ext bool
  10 mode u32
  11 build_id u32 rep
  12 checksum u32
  13 checksum_config u32
  14 checksum_parameter u32
`);

message('sk_opts_entry', `
  1 so_sndbuf u32 req
  2 so_rcvbuf u32 req
  3 so_snd_tmo_sec u64 req
  4 so_snd_tmo_usec u64 req
  5 so_rcv_tmo_sec u64 req
  6 so_rcv_tmo_usec u64 req
  7 reuseaddr bool
  8 so_priority u32
  9 so_rcvlowat u32
  10 so_mark u32
  11 so_passcred bool
  12 so_passsec bool
  13 so_dontroute bool
  14 so_no_check bool
  15 so_bound_dev string
  16 so_filter fx64 rep
  17 so_reuseport bool
  18 so_broadcast bool
  19 so_keepalive bool
  20 tcp_keepcnt u32
  21 tcp_keepidle u32
  22 tcp_keepintvl u32
  23 so_oobinline u32
  24 so_linger u32
  25 so_buf_lock u32
`);

message('ip_opts_raw_entry', `
  1 hdrincl bool
  2 nodefrag bool
  3 checksum bool
  4 icmpv_filter u32 rep
`);

message('ip_opts_entry', `
  1 freebind bool
  4 raw ip_opts_raw_entry
  5 pktinfo bool
  6 tos u32
  7 ttl u32
`);

message('tcp_opts_entry', `
  1 cork bool
  2 nodelay bool
  3 keepcnt u32
  4 keepidle u32
  5 keepintvl u32
`);

message('inet_sk_entry', `
  1 id u32 req
  2 ino u32 req
  3 family u32 req dict=sk
  4 type u32 req dict=sk
  5 proto u32 req dict=sk
  6 state u32 req dict=sk
  7 src_port u32 req
  8 dst_port u32 req
  9 flags u32 req hex
  10 backlog u32 req
  11 src_addr u32 rep ip
  12 dst_addr u32 rep ip
  13 fown fown_entry req
  14 opts sk_opts_entry req
  15 v6only bool
  16 ip_opts ip_opts_entry
  17 ifname string
  18 ns_id u32
  19 shutdown enum:sk_shutdown
  20 tcp_opts tcp_opts_entry
`);

message('file_perms_entry', `
  1 mode u32 req
  2 uid u32 req
  3 gid u32 req
`);

message('unix_sk_entry', `
  1 id u32 req
  2 ino u32 req
  3 type u32 req dict=sk
  4 state u32 req dict=sk
  5 flags u32 req hex
  6 uflags u32 req hex
  7 backlog u32 req
  8 peer u32 req
  9 fown fown_entry req
  10 opts sk_opts_entry req
  11 name bytes req conv=unix_name
  12 shutdown enum:sk_shutdown
  13 file_perms file_perms_entry
  14 name_dir string
  15 deleted bool
  16 ns_id u32
  17 mnt_id s32
`);

message('packet_mclist', `
  1 index u32 req
  2 type u32 req
  3 addr bytes req
`);

message('packet_ring', `
  1 block_size u32 req
  2 block_nr u32 req
  3 frame_size u32 req
  4 frame_nr u32 req
  5 retire_tmo u32 req
  6 sizeof_priv u32 req
  7 features u32 req
`);

message('packet_sock_entry', `
  1 id u32 req
  2 type u32 req
  3 protocol u32 req
  4 flags u32 req hex
  5 ifindex u32 req
  6 fown fown_entry req
  7 opts sk_opts_entry req
  8 version u32 req
  9 reserve u32 req
  10 aux_data bool req
  11 orig_dev bool req
  12 vnet_hdr bool req
  13 loss bool req
  14 timestamp u32 req
  15 copy_thresh u32 req
  16 mclist packet_mclist rep
  17 fanout u32
  18 rx_ring packet_ring
  19 tx_ring packet_ring
  20 ns_id u32
`);

message('netlink_sk_entry', `
  1 id u32 req
  2 ino u32 req
  3 protocol u32 req
  4 state u32 req
  6 flags u32 req hex
  7 portid u32 req
  8 groups u32 rep
  9 dst_portid u32 req
  10 dst_group u32 req
  11 fown fown_entry req
  12 opts sk_opts_entry req
  13 ns_id u32
`);

message('pipe_entry', `
  1 id u32 req
  2 pipe_id u32 req
  3 flags u32 req hex
  4 fown fown_entry req
`);

message('fifo_entry', `
  1 id u32 req
  2 pipe_id u32 req
  3 regf_id u32
  4 wait_writer bool
`);

message('pipe_data_entry', `
  1 pipe_id u32 req
  2 bytes u32 req
  3 size u32
`);

message('eventfd_file_entry', `
  1 id u32 req
  2 flags u32 req
  3 fown fown_entry req
  4 counter u64 req
`);

message('eventpoll_tfd_entry', `
  1 id u32 req
  2 tfd u32 req
  3 events u32 req
  4 data u64 req
  5 dev u32
  6 inode u64
  7 pos u64
`);

message('eventpoll_file_entry', `
  1 id u32 req
  2 flags u32 req
  3 fown fown_entry req
  4 tfd eventpoll_tfd_entry rep
`);

message('signalfd_entry', `
  1 id u32 req
  2 flags u32 req hex
  3 fown fown_entry req
  4 sigmask u64 req hex
`);

message('timerfd_entry', `
  1 id u32 req
  2 flags u32 req hex
  3 fown fown_entry req
  4 clockid u32 req
  5 ticks u64 req
  6 settime_flags u32 req hex
  7 vsec u64 req
  8 vnsec u64 req
  9 isec u64 req
  10 insec u64 req
`);

message('fh_entry', `
  1 bytes u32 req
  2 type u32 req
  3 handle u64 rep
  4 path string
  5 mnt_id u32
`);

message('irmap_cache_entry', `
  1 dev u32 req dev odev
  2 inode u64 req
  3 path string req
`);

message('inotify_wd_entry', `
  1 id u32 req
  2 i_ino u64 req
  3 mask u32 req hex
  4 ignored_mask u32 req hex
  5 s_dev u32 req dev
  6 wd u32 req
  7 f_handle fh_entry req
`);

message('inotify_file_entry', `
  1 id u32 req
  2 flags u32 req hex
  4 fown fown_entry req
  5 wd inotify_wd_entry rep
`);

message('fanotify_inode_mark_entry', `
  1 i_ino u64 req
  2 f_handle fh_entry req
`);

message('fanotify_mount_mark_entry', `
  1 mnt_id u32 req
  2 path string
`);

message('fanotify_mark_entry', `
  1 id u32 req
  2 type enum:mark_type req
  3 mflags u32 req hex
  4 mask u32 req hex
  5 ignored_mask u32 req hex
  6 s_dev u32 req dev
  7 ie fanotify_inode_mark_entry
  8 me fanotify_mount_mark_entry
`);

message('fanotify_file_entry', `
  1 id u32 req
  2 flags u32 req hex
  3 fown fown_entry req
  4 faflags u32 req hex
  5 evflags u32 req hex
  6 mark fanotify_mark_entry rep
`);

message('ext_file_entry', `
  1 id u32 req
  5 fown fown_entry req
`);

message('ns_file_entry', `
  1 id u32 req
  2 ns_id u32 req
  3 ns_cflag u32 req
  4 flags u32 req
`);

message('tunfile_entry', `
  1 id u32 req
  2 netdev string
  3 detached bool
  4 ns_id u32
`);

message('tun_link_entry', `
  1 flags u32 req hex
  2 owner i32 req
  3 group i32 req
  4 vnethdr u32 req
  5 sndbuf u32 req
`);

message('winsize_entry', `
  1 ws_row u32 req
  2 ws_col u32 req
  3 ws_xpixel u32 req
  4 ws_ypixel u32 req
`);

message('termios_entry', `
  1 c_iflag u32 req
  2 c_oflag u32 req
  3 c_cflag u32 req
  4 c_lflag u32 req
  5 c_line u32 req
  6 c_ispeed u32 req
  7 c_ospeed u32 req
  8 c_cc u32 rep
`);

message('tty_pty_entry', `
  1 index u32 req
`);

message('tty_data_entry', `
  1 tty_id u32 req
  2 data bytes req
`);

message('tty_info_entry', `
  1 id u32 req
  2 type enum:TtyType req
  3 locked bool req
  4 exclusive bool req
  5 packet_mode bool req
  6 sid u32 req
  7 pgrp u32 req
  8 rdev u32 req
  9 termios termios_entry
  10 termios_locked termios_entry
  11 winsize winsize_entry
  12 pty tty_pty_entry
  13 dev u32
  14 uid u32
  15 gid u32
`);

message('tty_file_entry', `
  1 id u32 req
  2 tty_info_id u32 req
  3 flags u32 req hex
  4 fown fown_entry req
  6 regf_id u32
`);

message('memfd_file_entry', `
  1 id u32 req
  2 flags u32 req flags=rfile.flags
  3 pos u64 req
  4 fown fown_entry req
  5 inode_id u32 req
`);

message('memfd_inode_entry', `
  1 name string req
  2 uid u32 req
  3 gid u32 req
  4 size u64 req
  5 shmid u32 req
  6 seals u32 req flags=seals.flags
  7 inode_id u64 req
  8 hugetlb_flag u32
  9 mode u32
`);

message('bpfmap_file_entry', `
  1 id u32 req
  2 flags u32 req flags=rfile.flags
  3 pos u64 req
  5 fown fown_entry req
  6 map_type u32 req
  7 key_size u32 req
  8 value_size u32 req
  9 map_id u32 req
  10 max_entries u32 req
  11 mnt_id s32
  12 map_flags u64
  13 memlock u64
  14 frozen bool
  15 map_name string
  16 ifindex u32
  17 map_extra u64
`);

message('bpfmap_data_entry', `
  1 map_id u32 req
  2 keys_bytes u32 req
  3 values_bytes u32 req
  4 count u32 req
`);

message('pidfd_entry', `
  1 id u32 req
  2 ino u64 req
  3 flags u32 req
  4 nspid i32 req
  5 fown fown_entry req
`);

message('remap_file_path_entry', `
  1 orig_id u32 req
  2 remap_id u32 req
  3 remap_type enum:remap_type
`);

message('timeval', `
  1 tv_sec u64 req
  2 tv_usec u64 req
`);

message('ghost_file_entry', `
  1 uid u32 req
  2 gid u32 req
  3 mode u32 req
  4 dev u32 dev
  5 ino u64
  6 rdev u32 dev odev
  7 atim timeval
  8 mtim timeval
  9 chunks bool
  10 size u64
  11 symlnk_target string
`);

message('ghost_chunk_entry', `
  1 len u64 req
  2 off u64 req
`);

message('sk_ucred_entry', `
  1 uid u32 req
  2 gid u32 req
  3 pid u32 req
`);

message('scm_entry', `
  1 type u32 req
  2 rights u32 rep
`);

message('sk_packet_entry', `
  1 id_for u32 req
  2 length u32 req
  4 scm scm_entry rep
  128 ucred sk_ucred_entry
`);

message('tcp_stream_entry', `
  1 inq_len u32 req
  2 inq_seq u32 req
  3 outq_len u32 req
  4 outq_seq u32 req
  5 opt_mask u32 req hex
  6 snd_wscale u32 req
  7 mss_clamp u32 req
  8 rcv_wscale u32
  9 timestamp u32
  10 cork bool
  11 nodelay bool
  12 unsq_len u32
  13 snd_wl1 u32
  14 snd_wnd u32
  15 max_window u32
  16 rcv_wnd u32
  17 rcv_wup u32
`);

message('file_lock_entry', `
  1 flag u32 req
  2 type u32 req
  3 pid i32 req
  4 fd i32 req
  5 start i64 req
  6 len i64 req
`);
