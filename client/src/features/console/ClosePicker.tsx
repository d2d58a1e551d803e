import { Input, InputNumber, Modal, Space, Typography, theme } from 'antd';
import { useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { DISPOSITIONS, type Disposition } from './agent-chat';

interface ClosePickerProps {
  open: boolean;
  closing: boolean;
  onConfirm: (disposition: Disposition, order?: { orderId: string; value: number }) => void;
  onCancel: () => void;
}

/** How the chat ended, chosen with ↑ ↓ or 1–5 and confirmed with Enter (or a click). */
export function ClosePicker({ open, closing, onConfirm, onCancel }: ClosePickerProps) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const [active, setActive] = useState(0);
  const list = useRef<HTMLUListElement>(null);
  const chosen = DISPOSITIONS[active] ?? DISPOSITIONS[0]!;
  const [orderId, setOrderId] = useState('');
  const [orderValue, setOrderValue] = useState<number | null>(null);
  const [orderError, setOrderError] = useState(false);

  /** A purchase may name its order; an order number needs its amount. */
  const confirm = (disposition: Disposition) => {
    if (disposition !== 'purchased' || orderId.trim() === '') return onConfirm(disposition);
    if (orderValue === null || !(orderValue >= 0)) return setOrderError(true);
    onConfirm(disposition, { orderId: orderId.trim(), value: orderValue });
  };

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
      if (!closing) confirm(chosen);
    }
  };

  return (
    <Modal
      open={open}
      title={t('console.closeTitle')}
      okText={t('console.closeConfirm')}
      okButtonProps={{ loading: closing, 'data-testid': 'close-confirm' }}
      onOk={() => confirm(chosen)}
      onCancel={onCancel}
      afterOpenChange={(visible) => {
        if (visible) list.current?.focus();
        else {
          setActive(0);
          setOrderId('');
          setOrderValue(null);
          setOrderError(false);
        }
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
            onDoubleClick={() => confirm(disposition)}
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
      {chosen === 'purchased' && (
        <Space orientation="vertical" size={4} style={{ width: '100%', marginTop: 12 }}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('console.closeOrderHint')}
          </Typography.Text>
          <Space.Compact style={{ width: '100%' }}>
            <Input
              aria-label={t('console.closeOrderId')}
              placeholder={t('console.closeOrderId')}
              value={orderId}
              maxLength={64}
              data-testid="close-order-id"
              onChange={(e) => {
                setOrderId(e.target.value);
                setOrderError(false);
              }}
              onPressEnter={() => !closing && confirm(chosen)}
            />
            <InputNumber
              aria-label={t('console.closeOrderValue')}
              placeholder={t('console.closeOrderValue')}
              prefix="¥"
              min={0}
              max={10_000_000}
              precision={2}
              value={orderValue}
              data-testid="close-order-value"
              status={orderError ? 'error' : undefined}
              style={{ width: 160 }}
              onChange={(v) => {
                setOrderValue(typeof v === 'number' ? v : null);
                setOrderError(false);
              }}
              onPressEnter={() => !closing && confirm(chosen)}
            />
          </Space.Compact>
          {orderError && (
            <Typography.Text type="danger" role="alert" style={{ fontSize: 12 }}>
              {t('console.closeOrderValueMissing')}
            </Typography.Text>
          )}
        </Space>
      )}
    </Modal>
  );
}
