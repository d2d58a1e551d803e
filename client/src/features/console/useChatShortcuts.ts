import { useEffect, useRef } from 'react';

/**
 * Alt+↑ / Alt+↓ (or Ctrl+[ / Ctrl+]) move to the previous / next chat from anywhere on the
 * page, including the composer, so an agent juggling chats never reaches for the mouse.
 */
export function useChatShortcuts(
  ids: readonly string[],
  selectedId: string | null,
  select: (id: string) => void,
) {
  const latest = useRef({ ids, selectedId, select });
  useEffect(() => {
    latest.current = { ids, selectedId, select };
  });

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const step = stepFor(event);
      if (!step) return;
      const { ids, selectedId, select } = latest.current;
      if (ids.length === 0) return;
      event.preventDefault();
      const current = selectedId ? ids.indexOf(selectedId) : -1;
      const next =
        current === -1
          ? step > 0
            ? 0
            : ids.length - 1
          : (current + step + ids.length) % ids.length;
      const id = ids[next];
      if (id) select(id);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}

function stepFor(event: KeyboardEvent): -1 | 1 | 0 {
  if (event.altKey && !event.ctrlKey && !event.metaKey) {
    if (event.key === 'ArrowDown') return 1;
    if (event.key === 'ArrowUp') return -1;
  }
  if (event.ctrlKey && !event.altKey) {
    if (event.code === 'BracketRight') return 1;
    if (event.code === 'BracketLeft') return -1;
  }
  return 0;
}
