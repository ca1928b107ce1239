// Issue 5: searching crio-python-counter.tar's memory for RANDOM_1432_KEY across all processes finds
// what checkpointctl memparse --search finds (same count, same addresses); a hit opens the hex view
// at its address with the match highlighted; and the renderer stays responsive (no long task)
// while the search runs.
import { cpus, loadavg } from 'node:os';
import type { Locator, Page } from '@playwright/test';
import { expect, fixtureArchive, openArchive, test } from './harness';
import { cellTexts, expectedText, openView } from './ui';

const ARCHIVE = fixtureArchive('crio-python-counter.tar');
const NEEDLE = 'RANDOM_1432_KEY';
const LONG_TASK_MS = Number(process.env.LONG_TASK_MS ?? 50);

/** Addresses from checkpointctl's table: "| 0000000022112800 | RANDOM_1432_KEY | 1 |" -> "0x22112800". */
function checkpointctlHits(pid: number): string[] {
  const text = expectedText(ARCHIVE, `checkpointctl-memparse-search-${NEEDLE}-pid${pid}.txt`);
  return [...text.matchAll(/^\|\s*([0-9a-f]{16})\s*\|\s*(\S+)\s*\|\s*\d+\s*\|$/gm)].map((m) => {
    expect(m[2]).toBe(NEEDLE);
    return `0x${BigInt(`0x${m[1]}`).toString(16)}`;
  });
}

declare global {
  interface Window {
    __longTasks: Array<{ start: number; duration: number }>;
  }
}

/** Records every long task of the page from now on (Chromium's 'longtask' entries are > 50 ms). */
async function watchLongTasks(page: Page): Promise<void> {
  await page.evaluate(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.__longTasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask' });
  });
}

interface SearchRun {
  status: string;
  ms: number;
  /** Long tasks (PerformanceObserver, wall clock) that overlapped the search: duration@start ms. */
  longTasks: string[];
  longestWall: number;
  /** The most CPU time one renderer main-thread task used during the search (Chromium trace tdur). */
  longestCpu: number;
}

/** Renderer main-thread tasks of a Chromium trace: wall (dur) and CPU (tdur) time in ms. */
interface TraceEvent {
  ph: string;
  name: string;
  pid: number;
  tid: number;
  /** Wall and thread (CPU) duration, µs. */
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

function rendererTasks(trace: Buffer): Array<{ wall: number; cpu: number }> {
  const parsed = JSON.parse(trace.toString('utf8')) as { traceEvents: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(parsed) ? parsed : parsed.traceEvents;
  const main = new Set(
    events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`),
  );
  return events
    .filter((e) => e.ph === 'X' && e.name === 'ThreadControllerImpl::RunTask' && main.has(`${e.pid}:${e.tid}`))
    .map((e) => ({ wall: (e.dur ?? 0) / 1000, cpu: (e.tdur ?? e.dur ?? 0) / 1000 }));
}

/** Starts a search from the form and waits until its status says Done, measuring the renderer's
 *  tasks meanwhile two ways: the page's own long-task observer (wall clock, what the issue names)
 *  and a Chromium trace (CPU time per task, which a busy test machine cannot inflate). */
async function runSearch(page: Page, panel: Locator): Promise<SearchRun> {
  const search = panel.getByRole('region', { name: 'Memory search' });
  const status = search.getByRole('status');
  const browser = page.context().browser()!;
  await browser.startTracing(page, { categories: ['toplevel', '__metadata'] });
  const start = await page.evaluate(() => performance.now());
  await search.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(status).toContainText(/^Done\./, { timeout: 60_000 });
  const end = await page.evaluate(() => performance.now());
  // A last frame so a long task that ended with the search is delivered to the observer.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 50))));
  const trace = await browser.stopTracing();
  const tasks = await page.evaluate(({ start, end }) => window.__longTasks.filter((t) => t.start + t.duration >= start && t.start <= end), { start, end });
  return {
    status: (await status.innerText()).trim(),
    ms: end - start,
    longTasks: tasks.map((t) => `${Math.round(t.duration)}@+${Math.round(t.start - start)}`),
    longestWall: Math.max(0, ...tasks.map((t) => t.duration)),
    longestCpu: Math.max(0, ...rendererTasks(trace).map((t) => t.cpu)),
  };
}

/** The issue's rule: no task over 50 ms while the search runs. CPU time per task is always held to
 *  it. The wall-clock long tasks are too when the machine has a free core; on an overloaded machine
 *  (load average above the core count: other processes take the renderer's time slices) they are
 *  recorded on the test instead, since they then measure the machine, not the app. */
function expectResponsive(run: SearchRun, what: string): void {
  const detail = `${what}: ${run.status}; ${Math.round(run.ms)} ms; long tasks ${run.longTasks.join(', ') || 'none'}; longest task CPU ${run.longestCpu.toFixed(1)} ms`;
  test.info().annotations.push({ type: 'responsiveness', description: detail });
  expect(run.longestCpu, detail).toBeLessThanOrEqual(LONG_TASK_MS);
  const load = loadavg()[0];
  if (load <= cpus().length) expect(run.longestWall, detail).toBeLessThanOrEqual(LONG_TASK_MS);
  else test.info().annotations.push({ type: 'machine overloaded', description: `load ${load.toFixed(1)} on ${cpus().length} cores: wall-clock long tasks not asserted` });
}

/** Every row of a virtualised results grid, by scrolling it with the mouse wheel: aria-rowindex -> cells. */
async function allRows(grid: Locator): Promise<Map<number, string[]>> {
  const expectedRows = Number(await grid.getAttribute('aria-rowcount')) - 1;
  const rows = new Map<number, string[]>();
  const page = grid.page();
  await grid.getByRole('row').nth(1).hover();
  for (let stalled = 0; rows.size < expectedRows && stalled < 20; ) {
    const before = rows.size;
    for (const row of await grid.getByRole('row').all()) {
      const index = Number(await row.getAttribute('aria-rowindex'));
      if (index < 2 || rows.has(index)) continue;
      const cells = await cellTexts(row);
      if (cells.length > 1) rows.set(index, cells); // not a "…" placeholder still being fetched
    }
    stalled = rows.size === before ? stalled + 1 : 0;
    await page.mouse.wheel(0, 240);
    await page.waitForTimeout(60);
  }
  expect(rows.size, 'rows read from the results grid').toBe(expectedRows);
  return rows;
}

test('memory search finds every RANDOM_1432_KEY checkpointctl finds, opens a hit highlighted, no long task', async ({ page }) => {
  test.setTimeout(120_000);
  const expected = checkpointctlHits(1);
  expect(expected.length).toBe(65);

  await openArchive(page, ARCHIVE);
  const panel = await openView(page, 'Memory');
  const search = panel.getByRole('region', { name: 'Memory search' });
  await search.getByRole('searchbox', { name: 'Search memory' }).fill(NEEDLE);
  await expect(search.getByRole('radio', { name: 'All processes' })).toBeChecked();
  await watchLongTasks(page);
  const first = await runSearch(page, panel);
  expect(first.status).toMatch(new RegExp(`\\b${expected.length} hits\\b`));
  expectResponsive(first, NEEDLE);

  const grid = search.getByRole('grid', { name: 'Search results' });
  await expect(grid).toHaveAttribute('aria-rowcount', String(expected.length + 1));
  const rows = await allRows(grid);
  const hits = [...rows.values()].map(([pid, comm, address]) => ({ pid, comm, address }));
  expect(new Set(hits.map((h) => h.pid))).toEqual(new Set(['1']));
  expect(hits.map((h) => h.address).sort()).toEqual([...expected].sort());

  // Open one hit (not the first: the view must move there) and read the highlighted bytes.
  await grid.getByRole('row').nth(1).hover();
  await page.mouse.wheel(0, -10_000);
  const target = grid.getByRole('row').filter({ has: page.getByRole('gridcell', { name: expected[5], exact: true }) });
  await target.click();
  const hexView = panel.getByRole('region', { name: 'Hex view', exact: true });
  await expect(hexView.getByRole('toolbar', { name: 'Hex view tools' })).toContainText(expected[5]);
  // The highlight has no accessible state of its own (a CSS class on the byte cells): read it from
  // the hex column and check that the cells are the needle, at the hit's address.
  const highlighted = hexView.locator('.hex-bytes .match');
  await expect(highlighted).toHaveCount(NEEDLE.length);
  const cells = await highlighted.evaluateAll((spans) =>
    spans.map((span) => {
      const row = span.closest('.hex-row');
      const column = Array.from(span.parentElement?.children ?? []).indexOf(span);
      return { byte: span.textContent ?? '', rowAddress: row?.querySelector('.hex-addr')?.textContent ?? '', column };
    }),
  );
  expect(Buffer.from(cells.map((c) => c.byte).join(''), 'hex').toString('latin1')).toBe(NEEDLE);
  const firstCell = cells[0];
  expect(`0x${(BigInt(`0x${firstCell.rowAddress}`) + BigInt(firstCell.column)).toString(16)}`).toBe(expected[5]);

  // A heavier run: a one-letter pattern in ASCII and UTF-16LE at once, case-insensitive — tens of
  // thousands of hits streaming into the table, enough to show a stall if the renderer did the work.
  await search.getByRole('group', { name: 'Encodings' }).getByRole('checkbox', { name: 'UTF-16LE' }).check();
  await search.getByRole('checkbox', { name: 'Case-insensitive' }).check();
  await search.getByRole('searchbox', { name: 'Search memory' }).fill('e');
  const heavy = await runSearch(page, panel);
  expect(Number(heavy.status.match(/([\d\u2009,]+) hits/)?.[1].replace(/\D/g, '')), heavy.status).toBeGreaterThan(10_000);
  expectResponsive(heavy, "'e', ASCII + UTF-16LE, case-insensitive");
});
