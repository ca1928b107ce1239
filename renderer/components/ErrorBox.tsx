// Errors and warnings, always with where: the file inside the archive and the byte offset.
import { useState } from 'react';
import type { InspectorErrorInfo, InspectorWarning } from '../../shared/model';
import { errorInfo } from '../lib/api';
import { SafeText } from './SafeText';

export interface ErrorBoxProps {
  /** An InspectorErrorInfo, or anything thrown (decoded through errorInfo). */
  error: InspectorErrorInfo | unknown;
  title?: string;
  onRetry?: () => void;
}

function isInfo(value: unknown): value is InspectorErrorInfo {
  return typeof value === 'object' && value !== null && typeof (value as InspectorErrorInfo).message === 'string' && !(value instanceof Error);
}

export function ErrorBox({ error, title = 'Could not load this view', onRetry }: ErrorBoxProps) {
  const info = isInfo(error) ? error : errorInfo(error);
  return (
    <div className="error-box" role="alert">
      <div className="error-title">{title}</div>
      <div className="error-message">
        <SafeText text={info.message} multiline />
      </div>
      {(info.file || info.offset !== undefined) && (
        <div className="error-where">
          {info.file && (
            <span>
              in <SafeText className="mono" text={info.file} />
            </span>
          )}
          {info.offset !== undefined && (
            <span>
              {' '}
              at offset <span className="mono">{info.offset}</span> <span className="mono muted">(0x{info.offset.toString(16)})</span>
            </span>
          )}
        </div>
      )}
      {onRetry && (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

/** One warning as a line: "file at offset N: message". */
export function WarningLine({ warning }: { warning: InspectorWarning }) {
  return (
    <li className="warning-line">
      <span className="warning-icon" aria-hidden="true">
        ⚠
      </span>
      <SafeText className="mono warning-file" text={warning.file} />
      {warning.offset !== undefined && (
        <span className="mono muted warning-offset">
          @{warning.offset} (0x{warning.offset.toString(16)})
        </span>
      )}
      <span className="warning-message">
        <SafeText text={warning.message} />
      </span>
    </li>
  );
}

/** A collapsible list of warnings; renders nothing when there are none. */
export function WarningList({ warnings, title = 'Warnings', open: initiallyOpen = false }: { warnings: InspectorWarning[]; title?: string; open?: boolean }) {
  const [open, setOpen] = useState(initiallyOpen);
  if (!warnings.length) return null;
  return (
    <section className="warning-list" aria-label={title}>
      <button type="button" className="warning-summary" aria-expanded={open} onClick={() => setOpen(!open)}>
        <span aria-hidden="true">{open ? '▾' : '▸'}</span> ⚠ {warnings.length} {warnings.length === 1 ? 'warning' : 'warnings'}
        {!open && warnings[0] && <span className="muted warning-first">— {warnings[0].message.slice(0, 120)}</span>}
      </button>
      {open && (
        <ul>
          {warnings.map((w, i) => (
            <WarningLine key={i} warning={w} />
          ))}
        </ul>
      )}
    </section>
  );
}
