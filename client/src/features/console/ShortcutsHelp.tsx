import { QuestionCircleOutlined } from '@ant-design/icons';
import { Button, Popover, theme } from 'antd';
import { useTranslation } from 'react-i18next';

const shortcuts = [
  { keys: ['Enter'], label: 'send' },
  { keys: ['Shift', 'Enter'], label: 'newline' },
  { keys: ['/'], label: 'searchScripts' },
  { keys: ['↑', '↓', 'Enter'], label: 'pick' },
  { keys: ['Alt', '↓'], alt: ['Ctrl', ']'], label: 'nextChat' },
  { keys: ['Alt', '↑'], alt: ['Ctrl', '['], label: 'previousChat' },
  { keys: ['Alt', '1…3'], label: 'sendOffer' },
  // Ctrl+1…3 is the brief's key, but most browsers switch tabs with it before the page sees it.
  { keys: ['Alt', 'Shift', '1…3'], alt: ['Ctrl', '1…3'], label: 'insertScript' },
] as const;

/** Where each label's text lives; the guidance ones sit with the rest of guided handling. */
const labelKey = (label: (typeof shortcuts)[number]['label']) =>
  label === 'insertScript' || label === 'searchScripts'
    ? (`guidance.shortcut.${label}` as const)
    : (`console.shortcut.${label}` as const);

export function ShortcutsHelp() {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const kbd = (key: string) => (
    <kbd
      key={key}
      style={{
        padding: '0 6px',
        border: `1px solid ${token.colorBorder}`,
        borderRadius: 4,
        background: token.colorFillQuaternary,
        fontFamily: 'inherit',
        fontSize: 12,
      }}
    >
      {key}
    </kbd>
  );
  const content = (
    <table style={{ borderSpacing: '12px 6px', margin: '-6px -12px' }}>
      <tbody>
        {shortcuts.map((shortcut) => (
          <tr key={shortcut.label}>
            <td style={{ whiteSpace: 'nowrap' }}>
              {shortcut.keys.map(kbd)}
              {'alt' in shortcut && <> / {shortcut.alt.map(kbd)}</>}
            </td>
            <td>{t(labelKey(shortcut.label))}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
  return (
    <Popover
      content={content}
      title={t('console.shortcuts')}
      trigger="click"
      placement="bottomRight"
    >
      <Button icon={<QuestionCircleOutlined />} aria-label={t('console.shortcuts')}>
        {t('console.shortcuts')}
      </Button>
    </Popover>
  );
}
