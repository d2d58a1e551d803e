import { Flex, Tag, Tooltip, theme } from 'antd';
import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import { objectionLabels } from '../../../../../shared/domain/objection-labels';
import type { ObjectionDetection } from '../../../../../shared/domain/objections';
import { useAppLanguage } from '../../../app/useAppLanguage';
import { highlightPieces } from './highlight';

/** A shopper's message with the words that raise an objection marked (as text, never HTML). */
export function ObjectionText({
  text,
  detection,
}: {
  text: string;
  detection: ObjectionDetection;
}) {
  const { token } = theme.useToken();
  const ranges = detection.perCategory.flatMap((c) => c.matches);
  return (
    <>
      {highlightPieces(text, ranges).map((piece, i) =>
        piece.matched ? (
          <mark
            key={i}
            data-testid="objection-phrase"
            style={{
              background: token.colorWarningBg,
              color: 'inherit',
              fontWeight: 600,
              padding: 0,
              borderBottom: `2px solid ${token.colorWarning}`,
            }}
          >
            {piece.text}
          </mark>
        ) : (
          <Fragment key={i}>{piece.text}</Fragment>
        ),
      )}
    </>
  );
}

/** One tag per objection category the message raises, strongest first. */
export function ObjectionTags({ detection }: { detection: ObjectionDetection }) {
  const { t } = useTranslation();
  const language = useAppLanguage();
  return (
    <Flex gap={4} wrap style={{ marginTop: 4 }} data-testid="objection-tags">
      {detection.perCategory.map((c) => (
        <Tooltip
          key={c.category}
          title={t('guidance.objectionTip', {
            phrases: c.phrases.join(language === 'zh-CN' ? '、' : ', '),
            confidence: Math.round(c.confidence * 100),
          })}
        >
          <Tag
            color="warning"
            data-testid="objection-tag"
            data-category={c.category}
            style={{ marginInlineEnd: 0 }}
          >
            {t('guidance.objection')}: {objectionLabels[c.category][language]}
          </Tag>
        </Tooltip>
      ))}
    </Flex>
  );
}
