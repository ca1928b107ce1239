// The evidence line under every archive: path, format, size, SHA-256 (with a progress bar while
// the hash job runs) and the archive's warnings (click for the list with file and offset).
import { useEffect, useRef, useState } from 'react';
import type { ArchiveSummary, HashResult } from '../shared/model';
import { formatBytes, formatBytesExact } from '../shared/text';
import { WarningLine } from './components/ErrorBox';
import { ProgressBar } from './components/ProgressBar';
import { SafeText } from './components/SafeText';
import { call, describeWhere, useJob } from './lib/api';
import { plural } from './lib/plural';

const FORMAT_NAMES: Record<string, string> = { tar: 'tar', 'tar.gz': 'tar + gzip', 'tar.zst': 'tar + zstd', dir: 'CRIU image folder' };

export function StatusBar({ summary }: { summary: ArchiveSummary }) {
  const { evidence } = summary;
  const job = useJob<HashResult>(evidence.sha256 ? null : evidence.hashJobId);
  const sha256 = evidence.sha256 ?? (job?.state === 'done' ? job.result?.sha256 : undefined);
  const [showWarnings, setShowWarnings] = useState(false);
  const [copied, setCopied] = useState(false);
  const popover = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!showWarnings) return;
    const onDown = (event: MouseEvent) => {
      if (!popover.current?.contains(event.target as Node)) setShowWarnings(false);
    };
    const onKey = (event: KeyboardEvent) => event.key === 'Escape' && setShowWarnings(false);
    window.addEventListener('mousedown', onDown);
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('mousedown', onDown);
      window.removeEventListener('keydown', onKey);
    };
  }, [showWarnings]);

  const copyHash = async () => {
    if (!sha256) return;
    await navigator.clipboard.writeText(sha256).catch(() => undefined);
    setCopied(true);
    window.setTimeout(() => setCopied(false), 1500);
  };

  let hash: React.ReactNode;
  if (sha256) {
    hash = (
      <button type="button" className="status-hash mono" title="SHA-256 of the evidence file — click to copy" onClick={() => void copyHash()}>
        SHA-256 {sha256}
        {copied && <span className="muted"> (copied)</span>}
      </button>
    );
  } else if (job?.state === 'running' || (!job && evidence.hashJobId)) {
    hash = (
      <span className="status-hash-progress">
        SHA-256
        <ProgressBar
          label="Hashing the evidence file"
          done={job?.done ?? 0}
          total={job?.total ?? evidence.size}
          text={job ? `${formatBytes(job.done)} of ${formatBytes(job.total || evidence.size)}` : 'starting…'}
        />
        {job && (
          <button type="button" className="link" onClick={() => void call('cancelJob', job.id)}>
            Cancel
          </button>
        )}
      </span>
    );
  } else if (job?.state === 'failed') {
    hash = <span className="error-text">SHA-256 failed: {job.error ? describeWhere(job.error) : 'unknown error'}</span>;
  } else if (job?.state === 'cancelled') {
    hash = <span className="muted">SHA-256 cancelled</span>;
  } else {
    hash = <span className="muted">SHA-256 not computed</span>;
  }

  const warnings = summary.warnings;
  return (
    <footer className="status-bar" aria-label="Evidence">
      <span className="status-item status-path" title={evidence.path}>
        <span className="read-only-badge" title="The evidence is opened read-only and never written">
          read-only
        </span>
        <SafeText className="mono" text={evidence.path} />
      </span>
      <span className="status-item">{FORMAT_NAMES[evidence.format] ?? evidence.format}</span>
      <span className="status-item" title={formatBytesExact(evidence.size)}>
        {formatBytes(evidence.size)}
      </span>
      <span className="status-item">
        {summary.engine} · {plural(summary.entryCount, 'entry', 'entries')}
      </span>
      <span className="status-item status-grow">{hash}</span>
      <div className="status-warnings-wrap" ref={popover}>
        <button
          type="button"
          className={`status-warnings${warnings.length ? ' has' : ''}`}
          aria-expanded={showWarnings}
          disabled={!warnings.length}
          onClick={() => setShowWarnings(!showWarnings)}
        >
          {warnings.length ? `⚠ ${warnings.length} ${warnings.length === 1 ? 'warning' : 'warnings'}` : 'No warnings'}
        </button>
        {showWarnings && (
          <div className="warnings-popover" role="dialog" aria-label="Archive warnings">
            <div className="popover-title">Archive warnings</div>
            <ul>
              {warnings.map((w, i) => (
                <WarningLine key={i} warning={w} />
              ))}
            </ul>
          </div>
        )}
      </div>
    </footer>
  );
}
