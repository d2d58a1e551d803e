import { Modal, Typography, theme } from 'antd';
import { useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { DISPOSITIONS, type Disposition } from './agent-chat';

interface ClosePickerProps {
  open: boolean;
  closing: boolean;
  onConfirm: (disposition: Disposition) => void;
  onCancel: () => void;
}

/** How the chat ended, chosen with ↑ ↓ or 1–5 and confirmed with Enter (or a click). */
export function ClosePicker({ open, closing, onConfirm, onCancel }: ClosePickerProps) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const [active, setActive] = useState(0);
  const list = useRef<HTMLUListElement>(null);
  const chosen = DISPOSITIONS[active] ?? DISPOSITIONS[0]!;

  const onKeyDown = (event: KeyboardEvent) => {
    const digit = Number(event.key);
    if (Number.isInteger(digit) && digit >= 1 && digit <= DISPOSITIONS.length) {
      event.preventDefault();
      setActive(digit - 1);
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const move = event.key === 'ArrowDown' ? 1 : -1;
      setActive((active + move + DISPOSITIONS.length) % DISPOSITIONS.length);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      if (!closing) onConfirm(chosen);
    }
  };

  return (
    <Modal
      open={open}
      title={t('console.closeTitle')}
      okText={t('console.closeConfirm')}
      okButtonProps={{ loading: closing, 'data-testid': 'close-confirm' }}
      onOk={() => onConfirm(chosen)}
      onCancel={onCancel}
      afterOpenChange={(visible) => {
        if (visible) list.current?.focus();
        else setActive(0);
      }}
      destroyOnHidden
      width={380}
    >
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        {t('console.closeHint')}
      </Typography.Paragraph>
      <ul
        ref={list}
        role="listbox"
        tabIndex={0}
        aria-label={t('console.closeTitle')}
        aria-activedescendant={`disposition-${chosen}`}
        onKeyDown={onKeyDown}
        style={{ listStyle: 'none', margin: 0, padding: 0, outline: 'none' }}
      >
        {DISPOSITIONS.map((disposition, index) => (
          <li
            key={disposition}
            id={`disposition-${disposition}`}
            role="option"
            aria-selected={index === active}
            data-testid="disposition-option"
            data-disposition={disposition}
            onClick={() => setActive(index)}
            onDoubleClick={() => onConfirm(disposition)}
            style={{
              display: 'flex',
              gap: 12,
              padding: '8px 12px',
              borderRadius: token.borderRadius,
              cursor: 'pointer',
              background: index === active ? token.controlItemBgActive : undefined,
              border: `1px solid ${index === active ? token.colorPrimaryBorder : 'transparent'}`,
            }}
          >
            <Typography.Text type="secondary">{index + 1}</Typography.Text>
            <Typography.Text strong={index === active}>
              {t(`console.disposition.${disposition}`)}
            </Typography.Text>
          </li>
        ))}
      </ul>
    </Modal>
  );
}
