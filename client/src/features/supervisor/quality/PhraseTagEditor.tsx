import { CloseOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Input, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { qualityPhraseKey, qualityRuleLimits } from '../../../../../shared/schemas/quality-rules';

/**
 * A list of phrases as tags: each removable with its own button, new ones typed and added with
 * Enter or the Add button. A phrase already in the list (the way the checks compare phrases)
 * is not added twice.
 */
export function PhraseTagEditor({
  label,
  phrases,
  onChange,
}: {
  /** Names the list for screen readers: "Absolute claims, Chinese chats". */
  label: string;
  phrases: readonly string[];
  onChange: (phrases: string[]) => void;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState('');
  const [duplicate, setDuplicate] = useState<string | null>(null);

  const add = () => {
    const phrase = draft.trim();
    if (!phrase) return;
    const key = qualityPhraseKey(phrase);
    if (!key) return;
    if (phrases.some((p) => qualityPhraseKey(p) === key)) {
      setDuplicate(phrase);
      return;
    }
    onChange([...phrases, phrase]);
    setDraft('');
    setDuplicate(null);
  };

  return (
    <div role="group" aria-label={label}>
      <Flex wrap gap={6} style={{ marginBottom: 8 }}>
        {phrases.length === 0 && (
          <Typography.Text type="secondary">{t('quality.none')}</Typography.Text>
        )}
        {phrases.map((phrase) => (
          <Tag key={phrase} style={{ marginInlineEnd: 0, paddingInlineEnd: 0 }}>
            {/* Chat phrases are data: rendered as text. */}
            <span>{phrase}</span>
            <Button
              type="text"
              size="small"
              icon={<CloseOutlined />}
              aria-label={t('quality.removePhrase', { phrase })}
              onClick={() => onChange(phrases.filter((p) => p !== phrase))}
            />
          </Tag>
        ))}
      </Flex>
      <Space.Compact style={{ width: '100%', maxWidth: 360 }}>
        <Input
          value={draft}
          maxLength={qualityRuleLimits.phraseMax}
          placeholder={t('quality.addPlaceholder')}
          aria-label={`${label}: ${t('quality.addPlaceholder')}`}
          status={duplicate ? 'warning' : undefined}
          onChange={(event) => {
            setDraft(event.target.value);
            setDuplicate(null);
          }}
          onPressEnter={(event) => {
            event.preventDefault();
            add();
          }}
        />
        <Button icon={<PlusOutlined />} onClick={add} disabled={!draft.trim()}>
          {t('quality.add')}
        </Button>
      </Space.Compact>
      {duplicate && (
        <Typography.Text type="warning" role="status" style={{ display: 'block', marginTop: 4 }}>
          {t('quality.duplicatePhrase', { phrase: duplicate })}
        </Typography.Text>
      )}
    </div>
  );
}
