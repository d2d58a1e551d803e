import { useRef, useState, type KeyboardEvent } from 'react';
import styles from './Widget.module.css';
import type { WidgetText } from './widget-text';

const MAX_LENGTH = 4000;

interface WidgetComposerProps {
  text: WidgetText;
  onSend: (message: string) => void;
  onTyping: (isTyping: boolean) => void;
}

export function WidgetComposer({ text, onSend, onTyping }: WidgetComposerProps) {
  const [draft, setDraft] = useState('');
  const input = useRef<HTMLTextAreaElement>(null);
  const canSend = draft.trim().length > 0;

  const send = () => {
    if (!canSend) return;
    onSend(draft);
    onTyping(false);
    setDraft('');
    input.current?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    // Enter that confirms a pinyin candidate (IME composition) must not send.
    if (event.key !== 'Enter' || event.shiftKey || event.nativeEvent.isComposing) return;
    event.preventDefault();
    send();
  };

  return (
    <div className={styles.composer}>
      <textarea
        ref={input}
        data-testid="widget-input"
        className={styles.input}
        rows={1}
        maxLength={MAX_LENGTH}
        value={draft}
        placeholder={text.placeholder}
        aria-label={text.inputLabel}
        autoFocus
        onChange={(event) => {
          setDraft(event.target.value);
          growToFit(event.target);
          onTyping(event.target.value.trim().length > 0);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => onTyping(false)}
      />
      <button
        type="button"
        data-testid="widget-send"
        className={styles.send}
        disabled={!canSend}
        onClick={send}
      >
        {text.send}
      </button>
    </div>
  );
}

function growToFit(textarea: HTMLTextAreaElement): void {
  textarea.style.height = 'auto';
  textarea.style.height = `${textarea.scrollHeight + 2}px`;
}
