/**
 * Which suggested script (0-based) a key inserts: Alt+Shift+1…3, or Ctrl+1…3. Read from the
 * physical key (`code`), since Shift turns "1" into "!" and layouts differ. Alt+1…3 alone
 * stays the profile's send-offer shortcut.
 */
export function insertShortcutIndex(event: {
  code: string;
  altKey: boolean;
  ctrlKey: boolean;
  shiftKey: boolean;
  metaKey: boolean;
}): number | null {
  const match = /^(?:Digit|Numpad)([1-3])$/.exec(event.code);
  if (!match || event.metaKey) return null;
  const altShift = event.altKey && event.shiftKey && !event.ctrlKey;
  const ctrl = event.ctrlKey && !event.altKey && !event.shiftKey;
  return altShift || ctrl ? Number(match[1]) - 1 : null;
}
