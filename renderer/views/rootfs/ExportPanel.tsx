// Export of diff entries and ghost-file contents: ask where (a folder the user picks), write,
// and on files that already exist there ask before writing again with overwrite.
import { useEffect, useRef, useState } from 'react';
import type { ExportRequest, ExportResult } from '../../../shared/model';
import { formatCount } from '../../../shared/text';
import { SafeText } from '../../components/SafeText';
import { call, errorText } from '../../lib/api';

export interface ExportJob {
  /** What is exported, for the panel's heading ("/home/counter/logfile", "the whole diff"). */
  title: string;
  request: ExportRequest;
}

type Phase =
  | { step: 'choosing' }
  | { step: 'writing'; destination: string }
  | { step: 'conflicts'; destination: string; result: ExportResult }
  | { step: 'done'; result: ExportResult; overwritten: boolean }
  | { step: 'cancelled' }
  | { step: 'failed'; message: string };

const SHOWN = 50;

export function ExportPanel({ archiveId, job, onClose }: { archiveId: string; job: ExportJob; onClose(): void }) {
  const [phase, setPhase] = useState<Phase>({ step: 'choosing' });
  const started = useRef<ExportJob | null>(null);

  // The second call (overwrite) writes the whole request again, so its result stands alone.
  const write = async (destination: string, overwrite: boolean) => {
    setPhase({ step: 'writing', destination });
    try {
      const result = await call('exportFiles', archiveId, destination, { ...job.request, overwrite: overwrite || undefined });
      if (!overwrite && result.conflicts.length > 0) setPhase({ step: 'conflicts', destination, result });
      else setPhase({ step: 'done', result, overwritten: overwrite });
    } catch (e) {
      setPhase({ step: 'failed', message: errorText(e) });
    }
  };

  useEffect(() => {
    if (started.current === job) return;
    started.current = job;
    setPhase({ step: 'choosing' });
    call('chooseExportFolder').then(
      (destination) => (destination ? void write(destination, false) : setPhase({ step: 'cancelled' })),
      (e: unknown) => setPhase({ step: 'failed', message: errorText(e) }),
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [job]);

  return (
    <section className="export-panel" aria-label="Export" role="region">
      <div className="export-head">
        <strong>
          Export <SafeText text={job.title} />
        </strong>
        <span className="grow" />
        <button type="button" onClick={onClose} disabled={phase.step === 'writing'}>
          Close
        </button>
      </div>
      {phase.step === 'choosing' && <p className="muted">Choose a folder to export to…</p>}
      {phase.step === 'cancelled' && <p className="muted">Export cancelled: no folder chosen.</p>}
      {phase.step === 'writing' && (
        <p>
          Writing to <SafeText className="mono" text={phase.destination} />…
        </p>
      )}
      {phase.step === 'failed' && (
        <p className="error-text" role="alert">
          {phase.message}
        </p>
      )}
      {phase.step === 'conflicts' && (
        <div role="alertdialog" aria-label="Files already exist">
          <p>
            {formatCount(phase.result.conflicts.length)} file{phase.result.conflicts.length === 1 ? '' : 's'} already exist in{' '}
            <SafeText className="mono" text={phase.destination} /> and were not written:
          </p>
          <PathList paths={phase.result.conflicts} />
          <div className="export-actions">
            <button type="button" className="primary" onClick={() => void write(phase.destination, true)}>
              Overwrite them
            </button>
            <button type="button" onClick={() => setPhase({ step: 'done', result: phase.result, overwritten: false })}>
              Keep the existing files
            </button>
          </div>
        </div>
      )}
      {phase.step === 'done' && <ExportSummary result={phase.result} overwritten={phase.overwritten} />}
    </section>
  );
}

function ExportSummary({ result, overwritten }: { result: ExportResult; overwritten: boolean }) {
  return (
    <div className="export-summary" role="status">
      <p>
        {result.cancelled ? 'Export stopped. ' : ''}Wrote {formatCount(result.written.length)} file{result.written.length === 1 ? '' : 's'} to{' '}
        <SafeText className="mono" text={result.destination} />
        {result.skipped.length > 0 && `; skipped ${formatCount(result.skipped.length)}`}
        {result.conflicts.length > 0 && `; kept ${formatCount(result.conflicts.length)} existing`}
        {overwritten && ' (existing files overwritten)'}.
      </p>
      {result.written.length > 0 && (
        <details>
          <summary>Written</summary>
          <PathList paths={result.written} />
        </details>
      )}
      {result.skipped.length > 0 && (
        <details open>
          <summary>Skipped</summary>
          <ul className="export-list">
            {result.skipped.slice(0, SHOWN).map((s, i) => (
              <li key={i}>
                <SafeText className="mono" text={s.path} /> — <SafeText text={s.reason} />
              </li>
            ))}
            {result.skipped.length > SHOWN && <li className="muted">… and {formatCount(result.skipped.length - SHOWN)} more</li>}
          </ul>
        </details>
      )}
      {result.renamed && result.renamed.length > 0 && (
        <details open>
          <summary>Written under another name (unsafe characters in the stored name)</summary>
          <ul className="export-list">
            {result.renamed.slice(0, SHOWN).map((r, i) => (
              <li key={i}>
                <SafeText className="mono" text={r.path} /> → <SafeText className="mono" text={r.as} />
              </li>
            ))}
            {result.renamed.length > SHOWN && <li className="muted">… and {formatCount(result.renamed.length - SHOWN)} more</li>}
          </ul>
        </details>
      )}
      {result.conflicts.length > 0 && (
        <details>
          <summary>Existing files kept</summary>
          <PathList paths={result.conflicts} />
        </details>
      )}
    </div>
  );
}

function PathList({ paths }: { paths: string[] }) {
  return (
    <ul className="export-list">
      {paths.slice(0, SHOWN).map((p, i) => (
        <li key={i}>
          <SafeText className="mono" text={p} />
        </li>
      ))}
      {paths.length > SHOWN && <li className="muted">… and {formatCount(paths.length - SHOWN)} more</li>}
    </ul>
  );
}
