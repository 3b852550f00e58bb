import { useEffect, useRef, type ReactNode } from 'react';

/**
 * Wraps a wide antd table whose body scrolls sideways: the scrolling box becomes a named,
 * focusable region, so a keyboard user can scroll it with the arrow keys even when no cell holds
 * a link or button (axe: scrollable-region-focusable).
 */
export function ScrollRegion({ label, children }: { label: string; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const box = ref.current?.querySelector<HTMLElement>('.ant-table-content, .ant-table-body');
    if (!box) return;
    box.tabIndex = 0;
    box.setAttribute('role', 'region');
    box.setAttribute('aria-label', label);
  });
  return <div ref={ref}>{children}</div>;
}
