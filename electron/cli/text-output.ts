// Human-readable CLI output. Every string from the archive goes through escapeText, so a hostile
// archive cannot drive the terminal (escape sequences, bidi overrides) of whoever runs the CLI.
import { escapeText, formatBytes } from '../../shared/text';
import type { inspect, search, strings } from './commands';

type InspectResult = Awaited<ReturnType<typeof inspect>>;
type SearchResult = Awaited<ReturnType<typeof search>>;
type StringsResult = Awaited<ReturnType<typeof strings>>;

const safe = (value: unknown): string => escapeText(value === null || value === undefined ? '-' : String(value));

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd()).join('\n');
}

export function formatInspect(r: InspectResult): string {
  const out: string[] = [];
  out.push(`${safe(r.archive.path)} (${r.archive.format}, ${formatBytes(r.archive.size)})`, `sha256 ${r.archive.sha256}`, '');
  if (r.container) {
    const c = r.container;
    out.push(
      table([
        ['Container', safe(c.name)],
        ['Image', safe(c.image)],
        ['ID', safe(c.id)],
        ['Engine', safe(c.engine)],
        ['Runtime', safe(c.runtime)],
        ['IP', safe(c.ip)],
        ['Created', safe(c.created)],
        ['Checkpointed', safe(c.checkpointed)],
        ['Pod', safe(c.pod)],
        ['Namespace', safe(c.namespace)],
        ['Hostname', safe(c.hostname)],
      ]),
      '',
    );
  }
  out.push(
    table([
      ['PID', 'PPID', 'STATE', 'COMM', 'COMMAND'],
      ...r.processes.map((p) => [String(p.pid), String(p.ppid), p.state, safe(p.comm), safe(p.cmdline.join(' ')).slice(0, 120)]),
    ]),
  );
  if (r.rootfs_diff.length > 0) {
    out.push('', 'Rootfs diff:', ...r.rootfs_diff.map((c) => `  ${c.status.padEnd(8)} ${safe(c.path)}`));
  }
  out.push('', `${r.entries.length} entries; ${r.warnings.length} warnings`);
  for (const w of r.warnings) out.push(`  ${safe(w.file)}${w.offset !== null ? ` at offset ${w.offset}` : ''}: ${safe(w.message)}`);
  return out.join('\n');
}

export function formatSearch(r: SearchResult): string {
  const rows = r.hits.map((h) => [String(h.pid), safe(h.comm), h.address, h.encoding, safe(h.region.path)]);
  const summary = `${r.hits.length} hits in ${formatBytes(r.bytes_scanned)} (${r.elapsed_ms} ms)`;
  return rows.length ? `${table([['PID', 'COMM', 'ADDRESS', 'ENCODING', 'REGION'], ...rows])}\n${summary}` : summary;
}

export function formatStrings(r: StringsResult): string {
  return [...r.strings.map((s) => `${s.address}  ${s.encoding.padEnd(7)}  ${safe(s.text)}`), `${r.count} strings`].join('\n');
}
