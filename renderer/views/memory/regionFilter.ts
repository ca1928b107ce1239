// Which regions the regions table shows: permission bits, sharing, backing kind or path text,
// an address range they must overlap, and "has bytes in the dump".
import type { MemoryRegion } from '../../../shared/model';
import { parseHex } from '../../../shared/text';

export interface RegionFilter {
  /** Bits the region must have ("r", "w", "x"). */
  perms: { r: boolean; w: boolean; x: boolean };
  sharing: 'any' | 'shared' | 'private';
  /** A backingKind, or "any". */
  backing: MemoryRegion['backingKind'] | 'any';
  /** Substring of the backing path. */
  text: string;
  /** Hex addresses; empty = open end. */
  from: string;
  to: string;
  dumpedOnly: boolean;
}

export const EMPTY_FILTER: RegionFilter = {
  perms: { r: false, w: false, x: false },
  sharing: 'any',
  backing: 'any',
  text: '',
  from: '',
  to: '',
  dumpedOnly: false,
};

export function isFilterActive(f: RegionFilter): boolean {
  return f.perms.r || f.perms.w || f.perms.x || f.sharing !== 'any' || f.backing !== 'any' || Boolean(f.text || f.from || f.to) || f.dumpedOnly;
}

export interface CompiledFilter {
  test(region: MemoryRegion): boolean;
  /** Problems with the address inputs, shown next to them. */
  error: string | null;
}

export function compileFilter(f: RegionFilter): CompiledFilter {
  const from = f.from.trim() ? parseHex(f.from) : 0n;
  const to = f.to.trim() ? parseHex(f.to) : null;
  const error = from === null ? `"${f.from}" is not a hex address` : f.to.trim() && to === null ? `"${f.to}" is not a hex address` : null;
  const text = f.text.trim().toLowerCase();
  return {
    error,
    test(region) {
      const prot = region.prot;
      if (f.perms.r && prot[0] !== 'r') return false;
      if (f.perms.w && prot[1] !== 'w') return false;
      if (f.perms.x && prot[2] !== 'x') return false;
      if (f.sharing === 'shared' && !region.shared) return false;
      if (f.sharing === 'private' && region.shared) return false;
      if (f.backing !== 'any' && region.backingKind !== f.backing) return false;
      if (text && !region.backing.toLowerCase().includes(text)) return false;
      if (f.dumpedOnly && region.dumpedBytes === 0) return false;
      if (error === null) {
        if (from !== null && from > 0n && BigInt(region.end) <= from) return false;
        if (to !== null && BigInt(region.start) >= to) return false;
      }
      return true;
    },
  };
}
