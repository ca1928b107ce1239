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

/** None open: the six findings so far are fixed and guarded by fuzz/regressions/. */
export const KNOWN_ISSUES: KnownIssue[] = [];

export function knownIssueOf(finding: Finding): KnownIssue | undefined {
  return KNOWN_ISSUES.find((issue) => issue.matches(finding));
}
