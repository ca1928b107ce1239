// Problems the fuzzer finds in modules owned by others, until their owners fix them. Each has a
// regression test under fuzz/regressions/ (marked todo while it fails). The CI budget test reports a
// finding that matches one of these as a todo, and fails on any other finding.
import type { Finding } from './runner';

export interface KnownIssue {
  id: string;
  owner: string;
  summary: string;
  regression: string;
  matches(finding: Finding): boolean;
}

const touched = (f: Finding, pattern: RegExp) => f.recipe.some((r) => pattern.test(r));

export const KNOWN_ISSUES: KnownIssue[] = [
  {
    id: 'gzip-careful-pass-slow',
    owner: 'electron/archive (decompress.ts gunzipPass)',
    summary: 'a damaged gzip stream is re-read one byte per handle.read + gunzip.write in the failing slice: seconds to minutes to open',
    regression: 'fuzz/regressions/gzip-corrupt-slow.test.ts',
    // The slow open may run out the case's time in a later step.
    matches: (f) => f.kind === 'hang' && touched(f, /^gzip stream with \d+ bit flips$/),
  },
  {
    id: 'negative-base256-size',
    owner: 'electron/archive (tar-header.ts parseNumeric / tar-index.ts)',
    summary: 'a negative GNU base-256 size is accepted: new Uint8Array(-1) in readExtended, Buffer.allocUnsafe(-1) in LogEngine.scan',
    regression: 'fuzz/regressions/negative-size.test.ts',
    matches: (f) => f.kind === 'crash' && touched(f, /= -1 \(base-256/) && /RangeError.*-1/.test(f.detail),
  },
  {
    id: 'zstd-huge-window',
    owner: 'electron/archive (decompress.ts, zstd over fzstd)',
    summary: 'a garbage zstd frame header makes the decoder allocate (and keep) gigabytes before the stream is refused',
    regression: 'fuzz/regressions/zstd-window.test.ts',
    matches: (f) => f.kind === 'memory' && touched(f, /^zstd /),
  },
];

export function knownIssueOf(finding: Finding): KnownIssue | undefined {
  return KNOWN_ISSUES.find((issue) => issue.matches(finding));
}
