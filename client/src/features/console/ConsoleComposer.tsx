import { SendOutlined } from '@ant-design/icons';
import { Button, Flex, Input } from 'antd';
import type { TextAreaRef } from 'antd/es/input/TextArea';
import { useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CANNED_REPLY_IDS, filterCannedReplies, type CannedReply } from './canned-replies';
import { CannedReplyPicker, cannedOptionId } from './CannedReplyPicker';

const MAX_LENGTH = 4000;

interface ConsoleComposerProps {
  value: string;
  onChange: (value: string) => void;
  onSend: (text: string) => void;
  onTyping?: () => void;
  disabled?: boolean;
}

export function useCannedReplies(): CannedReply[] {
  const { t } = useTranslation();
  return useMemo(
    () =>
      CANNED_REPLY_IDS.map((id) => ({
        id,
        label: t(`console.canned.${id}.label`),
        text: t(`console.canned.${id}.text`),
      })),
    [t],
  );
}

/**
 * The reply box: Enter sends, Shift+Enter breaks the line, `/` at the start lists quick
 * replies (↑ ↓ to choose, Enter or Tab to insert, Esc to type on).
 */
export function ConsoleComposer({
  value,
  onChange,
  onSend,
  onTyping,
  disabled,
}: ConsoleComposerProps) {
  const { t } = useTranslation();
  const replies = useCannedReplies();
  const listId = useId();
  const input = useRef<TextAreaRef>(null);
  // The highlighted reply belongs to the query it was chosen in; typing on starts again at the top.
  const [selection, setSelection] = useState({ query: '', index: 0 });
  const [dismissedFor, setDismissedFor] = useState<string | null>(null);

  const picking = value.startsWith('/') && !value.includes('\n') && dismissedFor !== value;
  const query = picking ? value.slice(1) : '';
  const matches = useMemo(() => filterCannedReplies(replies, query), [replies, query]);
  const active = selection.query === query ? Math.min(selection.index, matches.length - 1) : 0;
  const canSend = value.trim().length > 0 && !disabled;

  const send = () => {
    if (!canSend) return;
    onSend(value);
    onChange('');
  };

  const insert = (reply: CannedReply) => {
    onChange(reply.text);
    input.current?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.nativeEvent.isComposing) return; // Enter picks a pinyin candidate, not a reply
    if (picking && matches.length > 0) {
      const move = event.key === 'ArrowDown' ? 1 : event.key === 'ArrowUp' ? -1 : 0;
      if (move && !event.altKey) {
        event.preventDefault();
        setSelection({ query, index: (active + move + matches.length) % matches.length });
        return;
      }
      if ((event.key === 'Enter' && !event.shiftKey) || event.key === 'Tab') {
        event.preventDefault();
        const reply = matches[active];
        if (reply) insert(reply);
        return;
      }
    }
    if (picking && event.key === 'Escape') {
      event.preventDefault();
      setDismissedFor(value);
      return;
    }
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      send();
    }
  };

  return (
    <Flex gap={8} align="flex-end" style={{ position: 'relative' }}>
      {picking && (
        <CannedReplyPicker id={listId} replies={matches} activeIndex={active} onPick={insert} />
      )}
      <Input.TextArea
        ref={input}
        data-testid="composer-input"
        value={value}
        maxLength={MAX_LENGTH}
        autoSize={{ minRows: 2, maxRows: 8 }}
        placeholder={t('console.composerPlaceholder')}
        aria-label={t('console.composerPlaceholder')}
        role="combobox"
        aria-expanded={picking}
        aria-controls={picking ? listId : undefined}
        aria-autocomplete="list"
        aria-activedescendant={
          picking && matches.length ? cannedOptionId(listId, active) : undefined
        }
        autoFocus
        onChange={(event) => {
          onChange(event.target.value);
          onTyping?.();
        }}
        onKeyDown={onKeyDown}
      />
      <Button
        type="primary"
        data-testid="composer-send"
        icon={<SendOutlined />}
        disabled={!canSend}
        onClick={send}
      >
        {t('console.send')}
      </Button>
    </Flex>
  );
}
