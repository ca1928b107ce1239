// Our pretty output against crit 4.1.1 `decode --pretty` of every non-raw image of every fixture
// archive (expected/<archive>/crit/<image>.json). Normalisations, all documented in pretty.ts:
// big integers are strings on both sides (parseCritJson); task_state 3/6 are asserted with the right
// names where crit swaps them.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openArchive, type OpenedArchive } from '../archive';
import { ImageStore } from './image-store';
import { prettyImage } from './pretty';
import { archivesDir, expectedDir, parseCritJson } from './test-support';

const archives = readdirSync(archivesDir).filter((name) => name.endsWith('.tar')).sort();

/** crit names task_state 3 "Zombie" and 6 "Stopped"; compel's task-state.h says 3 is Stopped and
 *  6 Zombie. Where crit printed a swapped name we expect the right one instead. */
function withRightTaskStates(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withRightTaskStates);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (key === 'task_state' && item === 'Zombie') out[key] = 'Stopped';
      else if (key === 'task_state' && item === 'Stopped') out[key] = 'Zombie';
      else out[key] = withRightTaskStates(item);
    }
    return out;
  }
  return value;
}

for (const archiveName of archives) {
  const base = archiveName.replace(/\.tar$/, '');
  const critDir = join(expectedDir, base, 'crit');
  const critFiles = readdirSync(critDir).filter((name) => name.endsWith('.json')).sort();

  describe(`crit decode --pretty: ${archiveName}`, () => {
    let archive: OpenedArchive;
    let store: ImageStore;
    before(async () => {
      archive = await openArchive(join(archivesDir, archiveName));
      store = new ImageStore(archive);
    });
    after(async () => archive?.close());

    test('there is a crit decode for every non-raw image, and every image decodes cleanly', async () => {
      const images = store.list();
      const framed = images.filter((image) => image.magic !== 'RAW');
      const critNames = new Set(critFiles.map((name) => name.replace(/\.json$/, '')));
      for (const image of framed) {
        const name = image.path.split('/').pop()!;
        assert.ok(critNames.has(name), `${image.path}: crit has no decode of it`);
        const decoded = await store.get(image.path);
        assert.ok(decoded, image.path);
        assert.deepEqual(decoded.warnings, [], `${image.path} decodes without warnings`);
        assert.notEqual(decoded.magic, 'UNKNOWN', image.path);
      }
      assert.ok(images.some((image) => image.magic === 'RAW' && /pages-\d+\.img$/.test(image.path)), 'pages images are listed as raw');
    });

    for (const critFile of critFiles) {
      const imageName = critFile.replace(/\.json$/, '');
      test(imageName, async () => {
        const path = store.findImage(imageName);
        assert.ok(path, `${imageName} is in the archive`);
        const decoded = await store.get(path);
        assert.ok(decoded);
        const expected = withRightTaskStates(parseCritJson(readFileSync(join(critDir, critFile), 'utf8')));
        assert.deepStrictEqual(prettyImage(decoded), expected);
      });
    }
  });
}
