// A small virtual list: fixed row height, only the rows in view (plus a few) are in the page, so
// 10,000 connections cost a few dozen DOM rows. Screen readers get the real size through
// aria-setsize/aria-posinset; arrow keys, Page Up/Down, Home and End move focus between rows,
// and the focused row stays rendered while it is scrolled away so focus is never dropped.
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

const OVERSCAN = 6;
/**
 * Up to this many rows are all in the page (about 12 DOM nodes each, well under the 5,000 budget):
 * find-in-page, screen readers and scripts that look rows up by name see every one. Virtual above.
 */
const RENDER_ALL_UP_TO = 200;

export interface VirtualListProps {
  count: number;
  rowHeight: number;
  label: string;
  /** Stable per index (an id), so React keeps a row's state when the window moves. */
  keyOf: (index: number) => string;
  renderRow: (index: number) => ReactNode;
  /** The element inside a row that takes focus (its first focusable by default). */
  focusSelector?: string;
}

export function VirtualList({ count, rowHeight, label, keyOf, renderRow, focusSelector = 'button' }: VirtualListProps) {
  const viewport = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(600);
  const [focusIndex, setFocusIndex] = useState<number>();
  const pendingFocus = useRef<number>(undefined);

  useLayoutEffect(() => {
    const el = viewport.current;
    if (!el) return;
    setHeight(el.clientHeight || 600);
    const observer = new ResizeObserver(() => setHeight(el.clientHeight || 600));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  // A shorter list (a new search) must not leave the view scrolled past its end.
  useEffect(() => {
    const el = viewport.current;
    if (el && el.scrollTop > Math.max(0, count * rowHeight - el.clientHeight)) {
      el.scrollTop = 0;
      setScrollTop(0);
    }
    if (focusIndex !== undefined && focusIndex >= count) setFocusIndex(undefined);
  }, [count, rowHeight, focusIndex]);

  useEffect(() => {
    const target = pendingFocus.current;
    if (target === undefined) return;
    pendingFocus.current = undefined;
    viewport.current?.querySelector<HTMLElement>(`[data-index="${target}"] ${focusSelector}`)?.focus();
  });

  const all = count <= RENDER_ALL_UP_TO;
  const first = all ? 0 : Math.max(0, Math.floor(scrollTop / rowHeight) - OVERSCAN);
  const last = all ? count - 1 : Math.min(count - 1, Math.ceil((scrollTop + height) / rowHeight) + OVERSCAN);
  const indices: number[] = [];
  for (let i = first; i <= last; i++) indices.push(i);
  if (focusIndex !== undefined && focusIndex < count && (focusIndex < first || focusIndex > last))
    indices.push(focusIndex);

  const moveTo = useCallback(
    (index: number) => {
      const el = viewport.current;
      if (!el) return;
      const target = Math.max(0, Math.min(count - 1, index));
      const top = target * rowHeight;
      if (top < el.scrollTop) el.scrollTop = top;
      else if (top + rowHeight > el.scrollTop + el.clientHeight) el.scrollTop = top + rowHeight - el.clientHeight;
      setScrollTop(el.scrollTop);
      pendingFocus.current = target;
      setFocusIndex(target);
    },
    [count, rowHeight],
  );

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    const from = Number((e.target as HTMLElement).closest<HTMLElement>('[data-index]')?.dataset.index);
    if (Number.isNaN(from) || (e.target as HTMLElement).matches('input, select, textarea')) return;
    const page = Math.max(1, Math.floor(height / rowHeight) - 1);
    const to = {
      ArrowDown: from + 1,
      ArrowUp: from - 1,
      PageDown: from + page,
      PageUp: from - page,
      Home: 0,
      End: count - 1,
    }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    moveTo(to);
  }

  return (
    <div
      ref={viewport}
      className="rows-viewport"
      style={{ height: count * rowHeight }}
      tabIndex={-1}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      onKeyDown={onKeyDown}
      onFocus={(e) => {
        const index = Number((e.target as HTMLElement).closest<HTMLElement>('[data-index]')?.dataset.index);
        if (!Number.isNaN(index)) setFocusIndex(index);
      }}
    >
      <ul className="rows" aria-label={label} style={{ height: count * rowHeight }}>
        {indices.map((i) => (
          <li
            key={keyOf(i)}
            data-index={i}
            aria-setsize={count}
            aria-posinset={i + 1}
            className="vrow"
            style={{ top: i * rowHeight, height: rowHeight }}
          >
            {renderRow(i)}
          </li>
        ))}
      </ul>
    </div>
  );
}
