// The mount table of the container's mount namespace (mountpoints-<mnt_ns_id>.img).
import type { MountPoint } from '../../shared/model';
import type { ContainerLayout } from './layout';
import { fstypeName } from './names';
import { Sources, Warnings } from './sources';
import { bool, num, str } from './values';

/** Per-mount flags as /proc/<pid>/mountinfo prints them (MS_* from include/uapi/linux/mount.h). */
const MOUNT_FLAGS: Array<[number, string]> = [
  [0x2, 'nosuid'],
  [0x4, 'nodev'],
  [0x8, 'noexec'],
  [0x10, 'sync'],
  [0x40, 'mand'],
  [0x80, 'dirsync'],
  [0x100, 'nosymfollow'],
  [0x400, 'noatime'],
  [0x800, 'nodiratime'],
  [0x200000, 'relatime'],
  [0x1000000, 'strictatime'],
  [0x2000000, 'lazytime'],
];

export function mountFlags(flags: number): string[] {
  const names = [flags & 1 ? 'ro' : 'rw'];
  for (const [bit, name] of MOUNT_FLAGS) if (flags & bit) names.push(name);
  return names;
}

/** CRIU's dev encoding (MKKDEV): major in the bits above 20, minor in the low 20. */
export function devString(value: number | undefined): string {
  if (value === undefined) return '';
  return `${Math.floor(value / 0x100000)}:${value % 0x100000}`;
}

export async function loadMountPoints(
  sources: Sources,
  layout: ContainerLayout,
  rootPid: number | undefined,
  warnings: Warnings,
): Promise<MountPoint[]> {
  const path = await mountImage(sources, layout, rootPid, warnings);
  if (!path) return [];
  return (await sources.messages(path, warnings, 'mount table')).map((m) => {
    const fstype = num(m.fstype);
    const fsname = str(m.fsname);
    const options = str(m.options) ?? '';
    const point: MountPoint = {
      mntId: num(m.mnt_id) ?? 0,
      parentMntId: num(m.parent_mnt_id) ?? 0,
      mountpoint: str(m.mountpoint) ?? '',
      root: str(m.root) ?? '',
      // "auto"/"unsupported" mounts carry the real name in fsname.
      fstype: fsname && (fstype === 16 || fstype === 0 || fstype === undefined) ? fsname : fstypeName(fstype),
      source: str(m.source) ?? '',
      options: [...mountFlags(num(m.flags) ?? 0), ...(options ? [options] : [])].join(','),
      dev: devString(num(m.root_dev)),
    };
    const shared = num(m.shared_id);
    if (shared) point.shared = true;
    const external = str(m.ext_key) ?? (bool(m.ext_mount) ? point.mountpoint : undefined);
    if (external) point.external = external;
    return point;
  });
}

/** mountpoints-<mnt_ns_id>.img of the root task; the only mountpoints image otherwise. */
async function mountImage(sources: Sources, layout: ContainerLayout, rootPid: number | undefined, warnings: Warnings): Promise<string | undefined> {
  if (rootPid !== undefined && sources.file(`${layout.images}ids-${rootPid}.img`)) {
    const ids = await sources.first(`${layout.images}ids-${rootPid}.img`, warnings);
    const ns = num(ids?.mnt_ns_id);
    if (ns !== undefined && sources.file(`${layout.images}mountpoints-${ns}.img`)) return `${layout.images}mountpoints-${ns}.img`;
  }
  const pattern = /^mountpoints-\d+\.img$/;
  const all = sources.archive.entries.filter(
    (e) => !e.parent && e.path.startsWith(layout.images) && pattern.test(e.path.slice(layout.images.length)),
  );
  if (all.length > 1) {
    warnings.add({ file: all[0].path, message: `${all.length} mount namespaces; showing ${all[0].path}` });
  }
  return all[0]?.path;
}
