// Network namespace images: netdev, netns (sysctls), and the pieces they embed.
import { enumeration, message } from '../schema';

enumeration('nd_type', 'LOOPBACK=1 VETH=2 TUN=3 EXTLINK=4 VENET=5 BRIDGE=6 MACVLAN=7 SIT=8');

message('macvlan_link_entry', `
  1 mode u32 req
  2 flags u32
`);

message('sit_entry', `
  1 link u32
  2 local u32 rep ip
  3 remote u32 rep ip
  4 ttl u32
  5 tos u32
  6 pmtudisc bool
  7 proto u32
  8 iflags u32
  9 encap_type u32
  10 encap_flags u32
  11 encap_sport u32
  12 encap_dport u32
  13 rd_prefixlen u32
  14 rd_prefix u32 rep ip
  15 relay_prefixlen u32
  16 relay_prefix u32 rep ip
`);

message('net_device_entry', `
  1 type enum:nd_type req
  2 ifindex u32 req
  3 mtu u32 req
  4 flags u32 req hex
  5 name string req
  6 tun tun_link_entry
  7 address bytes
  8 conf i32 rep
  9 conf4 sysctl_entry rep
  10 conf6 sysctl_entry rep
  11 macvlan macvlan_link_entry
  12 peer_ifindex u32
  13 peer_nsid u32
  14 master u32
  15 sit sit_entry
`);

message('netns_id', `
  1 target_ns_id u32 req
  2 netnsid_value i32 req
`);

message('netns_entry', `
  1 def_conf i32 rep
  2 all_conf i32 rep
  3 def_conf4 sysctl_entry rep
  4 all_conf4 sysctl_entry rep
  5 def_conf6 sysctl_entry rep
  6 all_conf6 sysctl_entry rep
  7 nsids netns_id rep
  8 ext_key string
  9 unix_conf sysctl_entry rep
`);
