import { SendOutlined } from '@ant-design/icons';
import { Button, Flex, Input, Tag, Typography } from 'antd';
import type { TextAreaRef } from 'antd/es/input/TextArea';
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CANNED_REPLY_IDS, filterCannedReplies, type CannedReply } from './canned-replies';
import { templateVariables } from '../../../../shared/domain/template';
import { useAppLanguage } from '../../app/useAppLanguage';
import { CannedReplyPicker, cannedOptionId } from './CannedReplyPicker';
import { selectFirstPlaceholder, unfilledVariables } from './guidance/unfilled';

const MAX_LENGTH = 4000;

interface ConsoleComposerProps {
  value: string;
  onChange: (value: string) => void;
  onSend: (text: string) => void;
  onTyping?: () => void;
  disabled?: boolean;
  /** Library scripts the `/` list searches too, after the quick replies. */
  scripts?: readonly CannedReply[];
  /** Picking a script from the `/` list; without it a script is inserted as plain text. */
  onInsertScript?: (script: CannedReply) => void;
  /** The script the draft was made from, shown above the box. */
  scriptTitle?: string;
  /** Changing it puts the focus in the box (after a script was inserted from the column). */
  focusKey?: number;
}

/** At most this many scripts are listed at once: typing narrows them down. */
const MAX_SCRIPT_MATCHES = 50;

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
 * replies and the library's scripts in both languages (↑ ↓ to choose, Enter or Tab to insert,
 * Esc to type on).
 */
export function ConsoleComposer({
  value,
  onChange,
  onSend,
  onTyping,
  disabled,
  scripts,
  onInsertScript,
  scriptTitle,
  focusKey,
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
  const matches = useMemo(
    () =>
      picking
        ? [
            ...filterCannedReplies(replies, query),
            ...filterCannedReplies(scripts ?? [], query).slice(0, MAX_SCRIPT_MATCHES),
          ]
        : [],
    [picking, replies, scripts, query],
  );
  const active = selection.query === query ? Math.min(selection.index, matches.length - 1) : 0;
  const canSend = value.trim().length > 0 && !disabled;
  const language = useAppLanguage();
  // A script's value nobody filled in ({{product.price}}) must never reach the shopper.
  const unfilled = useMemo(() => unfilledVariables(value), [value]);
  const [blocked, setBlocked] = useState(false);

  const send = () => {
    if (!canSend) return;
    if (unfilled.length > 0) {
      setBlocked(true);
      selectFirstPlaceholder(input.current?.resizableTextArea?.textArea, value);
      return;
    }
    setBlocked(false);
    onSend(value);
    onChange('');
  };

  const insert = (reply: CannedReply) => {
    if (reply.script && onInsertScript) onInsertScript(reply);
    else onChange(reply.text);
    input.current?.focus();
  };

  useEffect(() => {
    if (focusKey) input.current?.focus();
  }, [focusKey]);

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
      {scriptTitle && !picking && (
        <Tag
          color="blue"
          data-testid="script-attached"
          style={{ position: 'absolute', bottom: '100%', insetInlineStart: 0, marginBottom: 4 }}
        >
          {t('guidance.scriptAttached', { title: scriptTitle })}
        </Tag>
      )}
      {blocked && unfilled.length > 0 && (
        <Typography.Text
          type="danger"
          role="alert"
          data-testid="unfilled-values"
          style={{ position: 'absolute', bottom: '100%', insetInlineEnd: 0, marginBottom: 4 }}
        >
          {t('guidance.missingValues', {
            names: unfilled
              .map((name) => templateVariables[name].label[language])
              .join(language === 'zh-CN' ? '、' : ', '),
          })}
        </Typography.Text>
      )}
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
