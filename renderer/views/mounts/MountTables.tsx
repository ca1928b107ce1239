// Mount tables shared by the Overview and Processes views: CRIU's mount namespace
// (mountpoints-*.img), the OCI spec mounts and the engine's bind mounts.
import type { BindMount, MountPoint, SpecMount } from '../../../shared/model';
import { SafeText } from '../../components/SafeText';
import { SimpleTable } from '../../components/SimpleTable';

export function MountPointsTable({ mounts }: { mounts: MountPoint[] }) {
  // Mount ids grow in mount order, so sorting by id puts parents before their children.
  const sorted = [...mounts].sort((a, b) => a.mntId - b.mntId);
  return (
    <SimpleTable
      label="Mount points (CRIU)"
      rows={sorted}
      empty="No mount points in the checkpoint (mountpoints-*.img)."
      columns={[
        { header: 'ID', cell: (m) => m.mntId, align: 'right', mono: true },
        { header: 'Parent', cell: (m) => m.parentMntId, align: 'right', mono: true },
        { header: 'Mount point', cell: (m) => <SafeText text={m.mountpoint} />, mono: true },
        { header: 'Type', cell: (m) => <SafeText text={m.fstype} />, mono: true },
        { header: 'Source', cell: (m) => <SafeText text={m.source} />, mono: true },
        { header: 'Root', cell: (m) => <SafeText text={m.root} limit={200} />, mono: true, className: 'wrap-cell' },
        { header: 'Options', cell: (m) => <SafeText text={m.options} limit={160} />, mono: true, className: 'wrap-cell' },
        { header: 'Device', cell: (m) => <SafeText text={m.dev} />, mono: true },
        {
          header: 'External',
          cell: (m) => (
            <>
              {m.shared && <span className="badge">shared</span>}
              {m.external && <SafeText text={m.external} />}
            </>
          ),
          mono: true,
        },
      ]}
    />
  );
}

export function SpecMountsTable({ mounts }: { mounts: SpecMount[] }) {
  return (
    <SimpleTable
      label="Spec mounts"
      rows={mounts}
      empty="No mounts in spec.dump."
      columns={[
        { header: 'Destination', cell: (m) => <SafeText text={m.destination} />, mono: true },
        { header: 'Type', cell: (m) => <SafeText text={m.type} />, mono: true },
        { header: 'Source', cell: (m) => <SafeText text={m.source} limit={200} />, mono: true, className: 'wrap-cell' },
        { header: 'Options', cell: (m) => <SafeText text={m.options.join(',')} limit={160} />, mono: true, className: 'wrap-cell' },
      ]}
    />
  );
}

export function BindMountsTable({ mounts }: { mounts: BindMount[] }) {
  return (
    <SimpleTable
      label="Bind mounts"
      rows={mounts}
      empty="No bind mounts recorded."
      columns={[
        { header: 'Destination', cell: (m) => <SafeText text={m.destination} />, mono: true },
        { header: 'Source', cell: (m) => <SafeText text={m.source} limit={200} />, mono: true, className: 'wrap-cell' },
        { header: 'File type', cell: (m) => <SafeText text={m.fileType} placeholder="—" /> },
        { header: 'Permissions', cell: (m) => (m.permissions !== undefined ? '0' + m.permissions.toString(8) : '—'), mono: true },
      ]}
    />
  );
}
