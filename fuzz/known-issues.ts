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
