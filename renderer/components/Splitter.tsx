// Two panes with a draggable (and keyboard-movable) divider. The first pane's size is kept in
// pixels; the second takes the rest.
import { useCallback, useRef, useState, type ReactNode } from 'react';

export interface SplitterProps {
  direction?: 'horizontal' | 'vertical';
  /** Initial size of the first pane in px. */
  initial: number;
  min?: number;
  /** Minimum size left for the second pane. */
  minSecond?: number;
  first: ReactNode;
  second: ReactNode;
  label?: string;
  className?: string;
}

export function Splitter({ direction = 'horizontal', initial, min = 120, minSecond = 160, first, second, label = 'Resize panes', className }: SplitterProps) {
  const [size, setSize] = useState(initial);
  const root = useRef<HTMLDivElement>(null);
  const horizontal = direction === 'horizontal';
  const clamp = useCallback(
    (value: number) => {
      const total = root.current ? (horizontal ? root.current.clientWidth : root.current.clientHeight) : Infinity;
      return Math.max(min, Math.min(value, total - minSecond));
    },
    [horizontal, min, minSecond],
  );
  const onPointerDown = (event: React.PointerEvent) => {
    event.preventDefault();
    const target = event.currentTarget as HTMLElement;
    target.setPointerCapture(event.pointerId);
    const box = root.current!.getBoundingClientRect();
    const move = (e: PointerEvent) => setSize(clamp(horizontal ? e.clientX - box.left : e.clientY - box.top));
    const up = () => {
      target.removeEventListener('pointermove', move);
      target.removeEventListener('pointerup', up);
    };
    target.addEventListener('pointermove', move);
    target.addEventListener('pointerup', up);
  };
  const onKeyDown = (event: React.KeyboardEvent) => {
    const step = event.shiftKey ? 64 : 16;
    if (event.key === (horizontal ? 'ArrowLeft' : 'ArrowUp')) setSize((s) => clamp(s - step));
    else if (event.key === (horizontal ? 'ArrowRight' : 'ArrowDown')) setSize((s) => clamp(s + step));
    else return;
    event.preventDefault();
  };
  return (
    <div ref={root} className={`splitter ${horizontal ? 'split-h' : 'split-v'} ${className ?? ''}`}>
      <div className="split-pane split-first" style={horizontal ? { width: size } : { height: size }}>
        {first}
      </div>
      <div
        className="split-handle"
        role="separator"
        aria-orientation={horizontal ? 'vertical' : 'horizontal'}
        aria-label={label}
        aria-valuenow={Math.round(size)}
        tabIndex={0}
        onPointerDown={onPointerDown}
        onKeyDown={onKeyDown}
      />
      <div className="split-pane split-second">{second}</div>
    </div>
  );
}
