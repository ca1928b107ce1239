// Helpers the view specs share: reading the fixtures' independent outputs (checkpointctl, GNU tar)
// and reading what a view shows through its accessible roles. Nothing here knows an answer.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, fixturesDir } from './harness';

/** expected/<archive without .tar>/<file> */
export function expectedPath(archive: string, file: string): string {
  return join(fixturesDir, 'expected', basename(archive).replace(/\.tar$/, ''), file);
}

export function expectedText(archive: string, file: string): string {
  return readFileSync(expectedPath(archive, file), 'utf8');
}

/** checkpointctl inspect --all --format json: the first (only) container. */
export interface CheckpointctlContainer {
  container_name: string;
  image: string;
  id: string;
  runtime: string;
  created: string;
  checkpointed?: string;
  engine: string;
  ip?: string;
  checkpoint_size: { total_size: number; memory_pages_size: number; root_fs_diff_size: number };
  statistics: Record<'freezing_time' | 'frozen_time' | 'memdump_time' | 'memwrite_time' | 'pages_scanned' | 'pages_written', number>;
  process_tree: CheckpointctlProcess;
  file_descriptors: Array<{ pid: number; open_files: Array<{ type: string; fd: string; path: string }> }>;
  sockets?: Array<{ pid: number; open_sockets: Array<{ protocol: string; data: Record<string, string | number> }> }>;
}

export interface CheckpointctlProcess {
  pid: number;
  command: string;
  cmdline: string;
  environment_variables?: Record<string, string>;
  children?: CheckpointctlProcess[];
}

export function checkpointctlInspect(archive: string): CheckpointctlContainer {
  const all = JSON.parse(expectedText(archive, 'checkpointctl-inspect.json')) as CheckpointctlContainer[];
  expect(all.length).toBeGreaterThan(0);
  return all[0];
}

export function flattenProcessTree(root: CheckpointctlProcess): CheckpointctlProcess[] {
  return [root, ...(root.children ?? []).flatMap(flattenProcessTree)];
}

/** An archive member as GNU tar extracts it (independent of our tar reader). */
export function tarMember(archive: string, member: string): Buffer {
  return execFileSync('tar', ['-xOf', archive, member], { maxBuffer: 256 * 1024 * 1024 });
}

/** Clicks a view tab ("Overview", "Files", ...) and returns its tab panel. */
export async function openView(page: Page, name: string): Promise<Locator> {
  await page.getByRole('tab', { name, exact: true }).click();
  const panel = page.getByRole('tabpanel', { name, exact: true });
  await expect(panel).toBeVisible();
  return panel;
}

/** The label → value pairs of every <dl> under `scope` (whitespace collapsed). */
export async function definitions(scope: Locator): Promise<Record<string, string>> {
  return scope.evaluate((root) => {
    const pairs: Record<string, string> = {};
    for (const term of Array.from(root.querySelectorAll('dt'))) {
      let value = term.nextElementSibling;
      while (value && value.tagName !== 'DD') value = value.nextElementSibling;
      if (!value) continue;
      const key = (term.textContent ?? '').replace(/\s+/g, ' ').trim();
      if (!(key in pairs)) pairs[key] = ((value as HTMLElement).innerText ?? '').replace(/\s+/g, ' ').trim();
    }
    return pairs;
  });
}

/** The text of each cell of a table/grid row, whitespace collapsed. */
export async function cellTexts(row: Locator): Promise<string[]> {
  return row.evaluate((element) =>
    Array.from(element.querySelectorAll('[role="gridcell"], [role="cell"], td')).map((cell) => ((cell as HTMLElement).innerText ?? '').replace(/\s+/g, ' ').trim()),
  );
}
