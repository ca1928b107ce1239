// The go-to bar of the hex view (Ctrl+G): a hex address, or an offset in decimal or 0x hex.
import { useState } from 'react';
import { parseHex, parseInteger, toHex } from '../../shared/text';
import type { HexSource } from './HexView';

export type GoToMode = 'address' | 'offset';

/** Where `text` points in the source, or why it does not. */
export function locate(source: HexSource, mode: GoToMode, text: string): { offset: number } | { error: string } {
  if (mode === 'address') {
    const address = parseHex(text);
    if (address === null) return { error: 'Enter a hex address, e.g. 0x7f2d00e33ad0' };
    const offset = source.offsetOf(address);
    return offset === null ? { error: `0x${toHex(address)} is not in this view` } : { offset };
  }
  const value = parseInteger(text);
  if (value === null) return { error: 'Enter a decimal or 0x hex offset' };
  if (value >= BigInt(source.size)) return { error: `Offset is past the end (${source.size.toLocaleString('en')} bytes)` };
  return { offset: Number(value) };
}

export function HexGoTo({ source, onGo, onClose }: { source: HexSource; onGo(offset: number): void; onClose(): void }) {
  // Plain files start in offset mode; address spaces (memory) in address mode.
  const [mode, setMode] = useState<GoToMode>(source.addressOf(0) === 0n && !source.boundaries ? 'offset' : 'address');
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      className="hex-goto"
      onSubmit={(event) => {
        event.preventDefault();
        const found = locate(source, mode, text);
        if ('error' in found) setError(found.error);
        else onGo(found.offset);
      }}
    >
      <select
        aria-label="Go to kind"
        value={mode}
        onChange={(event) => {
          setMode(event.target.value as GoToMode);
          setError(null);
        }}
      >
        <option value="address">Address (hex)</option>
        <option value="offset">Offset</option>
      </select>
      <input
        autoFocus
        aria-label={mode === 'address' ? 'Go to address' : 'Go to offset'}
        placeholder={mode === 'address' ? '0x7f2d00e33ad0' : '4096 or 0x1000'}
        value={text}
        spellCheck={false}
        onChange={(event) => {
          setText(event.target.value);
          setError(null);
        }}
        onKeyDown={(event) => event.key === 'Escape' && onClose()}
      />
      <button type="submit">Go</button>
      <button type="button" onClick={onClose}>
        Cancel
      </button>
      {error && (
        <span className="error-text" role="alert">
          {error}
        </span>
      )}
    </form>
  );
}
