// electron-builder configuration (`npm run dist`). Needs network on first use: electron-builder
// downloads the Electron runtime and its packaging tools.
'use strict';

/** Packages opened as "Container checkpoint archive" (Linux needs a MIME type per entry). */
const fileAssociations = [
  { ext: ['tar'], mimeType: 'application/x-tar', description: 'Container checkpoint archive (tar)' },
  { ext: ['tar.gz', 'tgz'], mimeType: 'application/x-compressed-tar', description: 'Container checkpoint archive (gzip)' },
  { ext: ['tar.zst', 'tzst'], mimeType: 'application/x-zstd-compressed-tar', description: 'Container checkpoint archive (zstd)' },
].map((association) => ({ ...association, name: 'Container checkpoint archive', role: 'Viewer', rank: 'Alternate' }));

/** @type {import('electron-builder').Configuration} */
module.exports = {
  appId: 'io.checkpoint-inspector.app',
  productName: 'Checkpoint Inspector',
  copyright: 'Copyright © Checkpoint Inspector contributors. Apache-2.0.',
  directories: { output: 'release', buildResources: 'build' },
  // The bundles only: no TypeScript sources, no source maps. npm production dependencies
  // (@bufbuild/protobuf, fzstd, tar-stream) are added by electron-builder itself.
  files: ['dist/**/*', '!dist/**/*.map', 'package.json'],
  extraResources: [{ from: 'build/sample/checkpoint-sample.tar', to: 'sample/checkpoint-sample.tar' }],
  asar: true,
  // Worker threads start from files on disk as well as from app.asar: the worker bundles are kept
  // beside the archive (app.asar.unpacked/dist/node/) so that an ES-module worker never depends on
  // asar support inside worker threads. They import nothing but node: builtins (build-config.test.ts
  // checks the built bundles), so being outside the archive costs them no node_modules.
  asarUnpack: ['dist/node/*.worker.mjs'],
  npmRebuild: false,
  electronFuses: {
    runAsNode: false,
    enableCookieEncryption: true,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    grantFileProtocolExtraPrivileges: false,
  },
  fileAssociations,
  linux: {
    target: ['AppImage', 'deb'],
    icon: 'build/icons/icon.png',
    category: 'Utility',
    executableName: 'checkpoint-inspector',
    synopsis: 'Forensic viewer for container checkpoint archives',
    description: 'A read-only desktop viewer for Kubernetes, CRI-O and Podman container checkpoints (CRIU images).',
    maintainer: 'Checkpoint Inspector contributors <maintainers@checkpoint-inspector.invalid>',
  },
  mac: {
    target: ['dmg'],
    icon: 'build/icons/icon.icns',
    category: 'public.app-category.developer-tools',
    hardenedRuntime: true,
  },
  win: { target: ['nsis'], icon: 'build/icons/icon.ico' },
  nsis: { oneClick: false, perMachine: false, allowToChangeInstallationDirectory: true },
  publish: null,
};
