// Safe readers for decoded protobuf values (see electron/criu/types.ts for the conventions) and for
// parsed JSON. Untrusted input: every accessor checks the type and never throws.
import type { Message } from '../criu/types';

export function num(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  return undefined;
}

export function big(value: unknown): bigint | undefined {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
  return undefined;
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function bool(value: unknown): boolean | undefined {
  return typeof value === 'boolean' ? value : undefined;
}

export function bytes(value: unknown): Uint8Array | undefined {
  return value instanceof Uint8Array ? value : undefined;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

export function msg(value: unknown): Message | undefined {
  return isRecord(value) ? (value as Message) : undefined;
}

export function list(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  return value === undefined ? [] : [value];
}

export function numbers(value: unknown): number[] {
  return list(value)
    .map(num)
    .filter((v): v is number => v !== undefined);
}

/** Lowercase hex with 0x prefix, as addresses travel across IPC. */
export function hex(value: bigint | number): string {
  const v = typeof value === 'bigint' ? value : BigInt(Math.trunc(value));
  return `0x${(v < 0n ? BigInt.asUintN(64, v) : v).toString(16)}`;
}

/** Two little-endian u32 words (CRIU's capability arrays) as one 64-bit value. */
export function words64(value: unknown): bigint {
  const words = numbers(value);
  let result = 0n;
  words.slice(0, 2).forEach((word, index) => {
    result |= BigInt(word >>> 0) << BigInt(32 * index);
  });
  return result;
}

export function hex64Padded(value: bigint): string {
  return `0x${value.toString(16).padStart(16, '0')}`;
}

/** String values of a JSON object (non-strings dropped). */
export function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isRecord(value)) return out;
  for (const [key, v] of Object.entries(value)) {
    if (typeof v === 'string') out[key] = v;
  }
  return out;
}
