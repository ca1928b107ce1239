// Links from a diff entry to the processes that hold it open (fds, and ghost files' owners).
import type { DiffNode } from './diffTree';

export function OpenBy({ node, onShowProcess }: { node: DiffNode; onShowProcess(pid: number): void }) {
  const holders = [...(node.change?.openBy ?? []), ...node.ghosts.map((g) => ({ pid: g.pid, fd: g.fd }))];
  if (holders.length === 0) return <span className="faint">—</span>;
  return (
    <span className="open-by">
      {holders.map((h) => (
        <button
          key={`${h.pid}:${h.fd}`}
          type="button"
          className="link"
          title={`Show process ${h.pid} in the Processes view`}
          onMouseDown={(e) => e.stopPropagation()}
          onClick={() => onShowProcess(h.pid)}
        >
          pid {h.pid} fd {h.fd}
        </button>
      ))}
    </span>
  );
}
