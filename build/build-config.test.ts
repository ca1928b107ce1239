import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { inflateSync } from 'node:zlib';

const repoRoot = resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);

interface Association {
  ext: string[];
  name: string;
  mimeType?: string;
  role?: string;
}
interface Config {
  appId: string;
  productName: string;
  files: string[];
  extraResources: Array<{ from: string; to: string }>;
  asarUnpack?: string[];
  fileAssociations: Association[];
  electronFuses: Record<string, boolean>;
  linux: { target: string[]; icon: string; maintainer?: string };
  mac: { target: string[]; icon: string };
  win: { target: string[]; icon: string };
  directories: { output: string; buildResources: string };
}

const config = require(join(repoRoot, 'build/electron-builder.config.cjs')) as Config;
const packageJson = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { productName: string; main: string; scripts: Record<string, string> };

function pngSize(file: string): { width: number; height: number } {
  const bytes = readFileSync(file);
  assert.equal(bytes.subarray(0, 8).toString('hex'), '89504e470d0a1a0a', `${file} is a PNG`);
  assert.equal(bytes.subarray(12, 16).toString('ascii'), 'IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('electron-builder configuration', () => {
  it('names the product and the app id', () => {
    assert.equal(config.productName, 'Checkpoint Inspector');
    assert.equal(config.productName, packageJson.productName);
    assert.equal(config.appId, 'io.checkpoint-inspector.app');
    assert.match(packageJson.scripts.dist, /electron-builder --config build\/electron-builder\.config\.cjs/);
  });

  it("passes electron-builder's own schema validation", async () => {
    // app-builder-lib's validator (what `electron-builder` runs first), without building anything.
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
      validateConfiguration(config: unknown, logger: unknown): Promise<void>;
    };
    const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
    await validateConfiguration(structuredClone(config), new DebugLogger(false));
  });

  it('builds AppImage + deb, dmg and nsis', () => {
    assert.deepEqual(config.linux.target, ['AppImage', 'deb']);
    assert.deepEqual(config.mac.target, ['dmg']);
    assert.deepEqual(config.win.target, ['nsis']);
    assert.ok(config.linux.maintainer, 'deb packages need a maintainer');
  });

  it('associates .tar, .tar.gz and .tar.zst as "Container checkpoint archive"', () => {
    const extensions = config.fileAssociations.flatMap((a) => a.ext);
    for (const ext of ['tar', 'tar.gz', 'tar.zst']) assert.ok(extensions.includes(ext), ext);
    for (const association of config.fileAssociations) {
      assert.equal(association.name, 'Container checkpoint archive');
      assert.equal(association.role, 'Viewer', 'opened, never edited');
      assert.ok(association.mimeType, 'Linux desktop entries need a MIME type');
      for (const ext of association.ext) assert.doesNotMatch(ext, /^\./, 'extensions without the dot');
    }
  });

  it('ships the bundles without sources or maps, and the main entry is among them', () => {
    assert.ok(config.files.includes('dist/**/*'));
    assert.ok(config.files.includes('!dist/**/*.map'));
    assert.ok(config.files.includes('package.json'));
    assert.ok(packageJson.main.startsWith('dist/'), 'package.json main is inside dist/');
    assert.ok(!config.files.some((f) => /electron\/|renderer\/|\.ts\b/.test(f)), 'no TypeScript sources');
  });

  it('keeps the worker bundles outside app.asar, and they need no node_modules there', (t) => {
    assert.deepEqual(config.asarUnpack, ['dist/node/*.worker.mjs']);
    const distNode = join(repoRoot, 'dist/node');
    const workers = existsSync(distNode) ? readdirSync(distNode).filter((name) => name.endsWith('.worker.mjs')) : [];
    if (workers.length === 0) {
      t.skip('dist/node has no worker bundles: run `npm run build` first');
      return;
    }
    for (const name of workers) {
      const code = readFileSync(join(distNode, name), 'utf8');
      const specifiers = [...code.matchAll(/(?:^|[;\s])(?:import|export)\s[^'"]*?from\s*["']([^"']+)["']|(?:^|[;\s])import\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)|require\(\s*["']([^"']+)["']\s*\)/gm)]
        .map((m) => m[1] ?? m[2] ?? m[3] ?? m[4]);
      const outside = specifiers.filter((s) => !s.startsWith('node:'));
      assert.deepEqual(outside, [], `${name} imports only node: builtins (an unpacked worker cannot reach app.asar/node_modules)`);
    }
  });

  it('hardens the binary with fuses', () => {
    assert.equal(config.electronFuses.runAsNode, false);
    assert.equal(config.electronFuses.enableNodeOptionsEnvironmentVariable, false);
    assert.equal(config.electronFuses.enableNodeCliInspectArguments, false);
    assert.equal(config.electronFuses.onlyLoadAppFromAsar, true);
    assert.equal(config.electronFuses.grantFileProtocolExtraPrivileges, false);
  });

  it('references only files that exist', () => {
    const referenced = [config.linux.icon, config.mac.icon, config.win.icon, ...config.extraResources.map((r) => r.from)];
    for (const file of referenced) assert.ok(existsSync(join(repoRoot, file)), `${file} exists`);
    assert.ok(existsSync(join(repoRoot, config.directories.buildResources)));
  });

  it('has a 512x512 PNG icon, a PNG-in-ICO with a 256 entry, and an icns', () => {
    const png = join(repoRoot, config.linux.icon);
    assert.deepEqual(pngSize(png), { width: 512, height: 512 });
    // The image is not blank: corners transparent (rounded square), centre opaque.
    const bytes = readFileSync(png);
    const idat = [];
    for (let at = 8; at < bytes.length; ) {
      const length = bytes.readUInt32BE(at);
      if (bytes.subarray(at + 4, at + 8).toString('ascii') === 'IDAT') idat.push(bytes.subarray(at + 8, at + 8 + length));
      at += 12 + length;
    }
    const raw = inflateSync(Buffer.concat(idat));
    const alphaAt = (x: number, y: number) => raw[y * (512 * 4 + 1) + 1 + x * 4 + 3];
    assert.equal(alphaAt(0, 0), 0);
    assert.equal(alphaAt(256, 256), 255);

    const ico = readFileSync(join(repoRoot, config.win.icon));
    assert.equal(ico.readUInt16LE(2), 1, 'ICO type');
    const count = ico.readUInt16LE(4);
    const sizes = Array.from({ length: count }, (_, i) => ico[6 + 16 * i] || 256);
    assert.ok(sizes.includes(256) && sizes.includes(16), `ICO sizes ${sizes}`);
    const icns = readFileSync(join(repoRoot, config.mac.icon));
    assert.equal(icns.subarray(0, 4).toString('ascii'), 'icns');
    assert.equal(icns.readUInt32BE(4), icns.length, 'icns length header');
    assert.ok(icns.includes(Buffer.from('ic10')), 'has the 1024px (512@2x) entry');
  });

  it('bundles the sample archive where main.ts looks for it, identical to the fixture', () => {
    const sample = config.extraResources.find((r) => r.from === 'build/sample/checkpoint-sample.tar');
    assert.ok(sample);
    assert.equal(sample.to, 'sample/checkpoint-sample.tar', 'electron/app/argv.ts sampleArchivePath: resources/sample/');
    const fixture = resolve(repoRoot, '../shared/fixtures/archives/crio-busybox-httpd.tar');
    const digest = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
    assert.equal(digest(join(repoRoot, sample.from)), digest(fixture));
  });
});
