import { useEffect, useRef } from 'react';
import type { AgentChat } from './agent-chat';
import { isMine } from './agent-chat';

let audio: AudioContext | null = null;
let lastBeepAt = 0;
const MIN_BEEP_GAP_MS = 1500;

/** A short two-tone beep made on the spot (no sound file); quiet failure where audio is off. */
export function playBeep(): void {
  const now = Date.now();
  if (now - lastBeepAt < MIN_BEEP_GAP_MS) return;
  lastBeepAt = now;
  try {
    audio ??= new AudioContext();
    // Browsers start audio suspended until the user has interacted with the page.
    if (audio.state === 'suspended') void audio.resume();
    const start = audio.currentTime;
    const gain = audio.createGain();
    gain.gain.setValueAtTime(0.0001, start);
    gain.gain.exponentialRampToValueAtTime(0.2, start + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.3);
    gain.connect(audio.destination);
    const oscillator = audio.createOscillator();
    oscillator.type = 'sine';
    oscillator.frequency.setValueAtTime(880, start);
    oscillator.frequency.setValueAtTime(1175, start + 0.12);
    oscillator.connect(gain);
    oscillator.start(start);
    oscillator.stop(start + 0.32);
  } catch {
    // No Web Audio (or blocked): the title badge still tells.
  }
}

/**
 * Beeps when a chat is newly assigned to the agent, or a shopper writes in a chat the agent is
 * not looking at (another chat selected, or the tab in the background).
 */
export function useAttentionSound(agent: AgentChat, selectedId: string | null): void {
  const selected = useRef(selectedId);
  useEffect(() => {
    selected.current = selectedId;
  }, [selectedId]);

  useEffect(
    () =>
      agent.connection.listen((event) => {
        if (event.type === 'message') {
          const { message } = event;
          const unseen = message.conversationId !== selected.current || document.hidden;
          if (message.author.kind === 'shopper' && unseen) playBeep();
        } else if (event.type === 'conversation') {
          const username = agent.user.username;
          const wasMine = event.previous ? isMine(event.previous, username) : false;
          if (isMine(event.conversation, username) && !wasMine) playBeep();
        }
      }),
    [agent],
  );
}
