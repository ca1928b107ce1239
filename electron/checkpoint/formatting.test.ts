import assert from 'node:assert/strict';
import { test } from 'node:test';
import { capabilityNames, openFlagNames, taskStateName } from './names';
import { devString, mountFlags } from './mounts';
import { registers } from './registers';
import { endpoint, formatAddress, formatIPv6, unixName } from './sockets';

/** The u32 words CRIU stores for an address: the address bytes read as little-endian u32s. */
function words(bytes: number[]): number[] {
  const b = Buffer.from(bytes);
  return Array.from({ length: b.length / 4 }, (_, i) => b.readUInt32LE(i * 4));
}

test('IPv4 and IPv6 addresses from CRIU u32 words', () => {
  assert.equal(formatAddress([0x0100007f], 2), '127.0.0.1');
  assert.equal(formatAddress(words([10, 85, 0, 17]), 2), '10.85.0.17');
  assert.equal(formatAddress([0, 0, 0, 0], 10), '::');
  assert.equal(formatAddress(words([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]), 10), '::1');
  // 2001:db8::8a2e:370:7334 — each word keeps its bytes in order (go-criu v8.2.0 got this wrong).
  const v6 = [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0x8a, 0x2e, 0x03, 0x70, 0x73, 0x34];
  assert.equal(formatAddress(words(v6), 10), '2001:db8::8a2e:370:7334');
  assert.equal(formatAddress(words([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 168, 1, 2]), 10), '::ffff:192.168.1.2');
  // No words: the family's unspecified address. A word count CRIU never writes is shown as corrupt.
  assert.equal(formatAddress([], 10), '::');
  assert.equal(formatAddress([], 2), '0.0.0.0');
  assert.equal(formatAddress([1, 2], 10), '?(2 address words)');
  assert.equal(endpoint([0, 0, 0, 0], 8088, 10), '[::]:8088');
  assert.equal(endpoint([0], 0, 2, true), '0.0.0.0:*');
  assert.equal(endpoint(words([10, 0, 0, 2]), 443, 2, true), '10.0.0.2:443');
});

test('RFC 5952: longest zero run, leftmost on ties, single zero groups kept', () => {
  const groups = (g: number[]) => new Uint8Array(g.flatMap((x) => [x >> 8, x & 0xff]));
  assert.equal(formatIPv6(groups([0x2001, 0xdb8, 0, 0, 1, 0, 0, 1])), '2001:db8::1:0:0:1');
  assert.equal(formatIPv6(groups([0x2001, 0xdb8, 0, 1, 1, 1, 1, 1])), '2001:db8:0:1:1:1:1:1');
  assert.equal(formatIPv6(groups([0xfe80, 0, 0, 0, 0x1, 0, 0, 0])), 'fe80::1:0:0:0');
  assert.equal(formatIPv6(groups([1, 0, 0, 0, 0, 0, 0, 0])), '1::');
});

test('unix socket names: paths, abstract names, unnamed', () => {
  assert.equal(unixName(Buffer.from('/run/app.sock\0')), '/run/app.sock');
  assert.equal(unixName(Buffer.from('\0my-abstract')), '@my-abstract');
  assert.equal(unixName(new Uint8Array()), '');
  assert.equal(unixName(undefined), '');
});

test('open flags, capabilities, task states', () => {
  assert.deepEqual(openFlagNames(0o2102001), ['O_WRONLY', 'O_APPEND', 'O_LARGEFILE', 'O_CLOEXEC']);
  assert.deepEqual(openFlagNames(2), ['O_RDWR']);
  assert.deepEqual(openFlagNames(0o400000, 'aarch64'), ['O_RDONLY', 'O_LARGEFILE']);
  assert.deepEqual(openFlagNames(0x40000000), ['O_RDONLY', '0x40000000']);
  assert.deepEqual(capabilityNames(0x800405fbn).slice(0, 3), ['CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_FOWNER']);
  assert.ok(capabilityNames(0x800405fbn).includes('CAP_SETFCAP'));
  assert.deepEqual(capabilityNames(1n << 40n), ['CAP_CHECKPOINT_RESTORE']);
  assert.deepEqual(capabilityNames(1n << 63n), ['CAP_63']);
  // compel's values; crit's pretty printer swaps the names of 3 and 6.
  assert.deepEqual([1, 2, 3, 6, 9].map(taskStateName), ['Alive', 'Dead', 'Stopped', 'Zombie', 'Unknown']);
});

test('mount flags and devices', () => {
  assert.deepEqual(mountFlags(0x200001), ['ro', 'relatime']);
  assert.deepEqual(mountFlags(0x100000a), ['rw', 'nosuid', 'noexec', 'strictatime']);
  assert.equal(devString((8 << 20) | 1), '8:1');
  assert.equal(devString(51), '0:51');
});

test('aarch64 registers: x0..x30, sp, pc, pstate', () => {
  const regs = Array.from({ length: 31 }, (_, i) => BigInt(i));
  const core = { mtype: 3, ti_aarch64: { gpregs: { regs, sp: 0x7ffff000n, pc: 0x400000n, pstate: 0x60000000n } } };
  const out = registers(core, 'aarch64');
  assert.equal(out.length, 34);
  assert.deepEqual(out[0], ['x0', '0x0']);
  assert.deepEqual(out[30], ['x30', '0x1e']);
  assert.deepEqual(out.slice(31), [
    ['sp', '0x7ffff000'],
    ['pc', '0x400000'],
    ['pstate', '0x60000000'],
  ]);
});
