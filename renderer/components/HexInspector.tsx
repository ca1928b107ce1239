// The data inspector beside the hex view: the bytes at the cursor read as integers and floats in
// both byte orders, plus what a pointer-sized value points at (memory view hook).
import { toHex } from '../../shared/text';
import type { ByteValue } from './hex-cache';

export interface HexInspectorProps {
  offset: number;
  address: bigint;
  /** Up to 8 bytes from `offset`; null/undefined entries are not in the dump / not loaded. */
  bytes: ByteValue[];
  selectionLength: number;
  describePointer?(value: bigint): string | null;
}

function littleEndian(bytes: number[], n: number): bigint {
  let v = 0n;
  for (let i = n - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[i]);
  return v;
}
function bigEndian(bytes: number[], n: number): bigint {
  let v = 0n;
  for (let i = 0; i < n; i++) v = (v << 8n) | BigInt(bytes[i]);
  return v;
}

export function HexInspector({ offset, address, bytes, selectionLength, describePointer }: HexInspectorProps) {
  const known: number[] = [];
  for (const b of bytes) {
    if (typeof b !== 'number') break;
    known.push(b);
  }
  const absent = bytes.length > 0 && bytes[0] === null;
  const rows: Array<[string, string, string]> = [];
  const add = (name: string, n: number, signed: boolean) => {
    if (known.length < n) return;
    const bits = BigInt(n * 8);
    const le = littleEndian(known, n);
    const be = bigEndian(known, n);
    const fmt = (v: bigint) => (signed ? BigInt.asIntN(Number(bits), v) : v).toString();
    rows.push([name, fmt(le), fmt(be)]);
  };
  add('u8', 1, false);
  add('i8', 1, true);
  add('u16', 2, false);
  add('i16', 2, true);
  add('u32', 4, false);
  add('i32', 4, true);
  add('u64', 8, false);
  add('i64', 8, true);
  if (known.length >= 4) {
    const view = new DataView(Uint8Array.from(known.slice(0, 4)).buffer);
    rows.push(['f32', view.getFloat32(0, true).toPrecision(7), view.getFloat32(0, false).toPrecision(7)]);
  }
  if (known.length >= 8) {
    const view = new DataView(Uint8Array.from(known.slice(0, 8)).buffer);
    rows.push(['f64', view.getFloat64(0, true).toPrecision(15), view.getFloat64(0, false).toPrecision(15)]);
  }
  const pointer = known.length >= 8 ? littleEndian(known, 8) : null;
  const pointsTo = pointer !== null && describePointer ? describePointer(pointer) : null;
  return (
    <aside className="hex-inspector" aria-label="Data inspector">
      <div className="hex-inspector-head">
        <div>
          <span className="muted">offset</span> 0x{toHex(offset)} <span className="muted">({offset})</span>
        </div>
        {address !== BigInt(offset) && (
          <div>
            <span className="muted">address</span> 0x{toHex(address)}
          </div>
        )}
        {selectionLength > 1 && (
          <div>
            <span className="muted">selected</span> {selectionLength.toLocaleString('en')} bytes
          </div>
        )}
      </div>
      {absent ? (
        <p className="muted hex-inspector-empty">Not in dump: these bytes were not saved in the checkpoint.</p>
      ) : rows.length === 0 ? (
        <p className="muted hex-inspector-empty">Loading…</p>
      ) : (
        <table className="hex-inspector-table">
          <thead>
            <tr>
              <th scope="col">type</th>
              <th scope="col">little endian</th>
              <th scope="col">big endian</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(([name, le, be]) => (
              <tr key={name}>
                <th scope="row">{name}</th>
                <td>{le}</td>
                <td>{be}</td>
              </tr>
            ))}
            {pointer !== null && (
              <tr>
                <th scope="row">ptr</th>
                <td colSpan={2}>
                  0x{toHex(pointer, 16)}
                  {pointsTo && <div className="pointer-target">→ {pointsTo}</div>}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      )}
    </aside>
  );
}
