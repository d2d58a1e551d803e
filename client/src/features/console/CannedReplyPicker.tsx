import { Tag, Typography, theme } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CannedReply } from './canned-replies';

interface CannedReplyPickerProps {
  id: string;
  replies: readonly CannedReply[];
  activeIndex: number;
  onPick: (reply: CannedReply) => void;
}

export const cannedOptionId = (listId: string, index: number) => `${listId}-option-${index}`;

/** The `/` list above the composer; the keyboard stays in the text box (see ConsoleComposer). */
export function CannedReplyPicker({ id, replies, activeIndex, onPick }: CannedReplyPickerProps) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  return (
    <div
      data-testid="canned-picker"
      style={{
        position: 'absolute',
        insetInline: 0,
        bottom: '100%',
        marginBottom: 4,
        maxHeight: 260,
        overflowY: 'auto',
        background: token.colorBgElevated,
        border: `1px solid ${token.colorBorderSecondary}`,
        borderRadius: token.borderRadiusLG,
        boxShadow: token.boxShadowSecondary,
        zIndex: 10,
      }}
    >
      <Typography.Text
        type="secondary"
        style={{ display: 'block', padding: '6px 12px 2px', fontSize: 12 }}
      >
        {t('console.cannedTitle')}
      </Typography.Text>
      <ul
        id={id}
        role="listbox"
        aria-label={t('console.cannedTitle')}
        style={{ listStyle: 'none', margin: 0, padding: 4 }}
      >
        {replies.length === 0 && (
          <li style={{ padding: '6px 8px', color: token.colorTextSecondary }}>
            {t('console.cannedEmpty')}
          </li>
        )}
        {replies.map((reply, index) => (
          <li
            key={reply.id}
            id={cannedOptionId(id, index)}
            role="option"
            aria-selected={index === activeIndex}
            data-testid="canned-option"
            // Keeps the focus in the text box, so typing can go on after a click.
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => onPick(reply)}
            style={{
              padding: '6px 8px',
              borderRadius: token.borderRadiusSM,
              cursor: 'pointer',
              background: index === activeIndex ? token.controlItemBgActive : undefined,
            }}
          >
            <Typography.Text strong style={{ marginInlineEnd: 8 }}>
              /{reply.label}
            </Typography.Text>
            {reply.badge && (
              <Tag color="blue" style={{ marginInlineEnd: 8 }}>
                {reply.badge}
              </Tag>
            )}
            <Typography.Text type="secondary" ellipsis style={{ maxWidth: '70%' }}>
              {reply.text}
            </Typography.Text>
          </li>
        ))}
      </ul>
    </div>
  );
}
