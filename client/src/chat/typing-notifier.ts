/**
 * Turns keystrokes into few typing events: "typing" at once and then at most every
 * `repeatMs` (the other side's indicator expires by itself), "stopped" after `idleMs` quiet.
 */
export function createTypingNotifier(
  emit: (isTyping: boolean) => void,
  { idleMs = 3000, repeatMs = 2500 } = {},
) {
  let typing = false;
  let lastSentAt = 0;
  let idleTimer: ReturnType<typeof setTimeout> | undefined;

  const stop = () => {
    clearTimeout(idleTimer);
    if (!typing) return;
    typing = false;
    emit(false);
  };

  return {
    input(): void {
      const now = Date.now();
      if (!typing || now - lastSentAt >= repeatMs) {
        typing = true;
        lastSentAt = now;
        emit(true);
      }
      clearTimeout(idleTimer);
      idleTimer = setTimeout(stop, idleMs);
    },
    stop,
  };
}
