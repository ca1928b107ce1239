// The hex view's own scrollbar: the position is a row index, not DOM scroll height, so a 128 TiB
// address space scrolls like a small file. Drag the thumb, or click the track to page.
import { useRef } from 'react';

export interface HexScrollbarProps {
  rows: number;
  visibleRows: number;
  topRow: number;
  /** Height of the track in px (the viewport height). */
  height: number;
  onScroll(row: number): void;
}

export function HexScrollbar({ rows, visibleRows, topRow, height, onScroll }: HexScrollbarProps) {
  const trackRef = useRef<HTMLDivElement>(null);
  const grab = useRef<number | null>(null);
  const maxTop = Math.max(0, rows - visibleRows);
  const thumbHeight = rows > 0 ? Math.max(24, Math.min(height, (height * visibleRows) / rows)) : height;
  const thumbTop = maxTop > 0 ? ((height - thumbHeight) * topRow) / maxTop : 0;

  const onThumbDown = (event: React.PointerEvent) => {
    event.preventDefault();
    event.stopPropagation();
    (event.target as HTMLElement).setPointerCapture(event.pointerId);
    grab.current = event.clientY - (trackRef.current!.getBoundingClientRect().top + thumbTop);
  };
  const onThumbMove = (event: React.PointerEvent) => {
    if (grab.current === null || !trackRef.current) return;
    const y = event.clientY - trackRef.current.getBoundingClientRect().top - grab.current;
    const room = Math.max(1, height - thumbHeight);
    onScroll((Math.max(0, Math.min(y, room)) / room) * maxTop);
  };
  const onTrackDown = (event: React.PointerEvent) => {
    if (event.target !== trackRef.current) return;
    const y = event.clientY - trackRef.current!.getBoundingClientRect().top;
    onScroll(y < thumbTop ? topRow - visibleRows : topRow + visibleRows);
  };

  return (
    <div className="hex-scrollbar" ref={trackRef} onPointerDown={onTrackDown} aria-hidden="true">
      {maxTop > 0 && (
        <div
          className="hex-thumb"
          style={{ top: thumbTop, height: thumbHeight }}
          onPointerDown={onThumbDown}
          onPointerMove={onThumbMove}
          onPointerUp={() => (grab.current = null)}
        />
      )}
    </div>
  );
}
