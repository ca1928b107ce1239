// A determinate (done/total) or indeterminate progress bar with an accessible value.
export interface ProgressBarProps {
  done: number;
  total: number;
  label: string;
  /** Text beside the bar, e.g. "42 %". Default: the percentage. */
  text?: string;
  className?: string;
}

export function ProgressBar({ done, total, label, text, className }: ProgressBarProps) {
  const known = total > 0;
  const percent = known ? Math.max(0, Math.min(100, (done / total) * 100)) : 0;
  return (
    <span className={`progress ${className ?? ''}`}>
      <span
        className={`progress-track${known ? '' : ' indeterminate'}`}
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={known ? 100 : undefined}
        aria-valuenow={known ? Math.round(percent) : undefined}
      >
        <span className="progress-fill" style={known ? { width: `${percent}%` } : undefined} />
      </span>
      <span className="progress-text">{text ?? (known ? `${Math.floor(percent)} %` : '')}</span>
    </span>
  );
}
