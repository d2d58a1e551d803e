import { DeleteOutlined, EditOutlined, WarningFilled } from '@ant-design/icons';
import { Button, Flex, Input, Tag, Tooltip, Typography, theme } from 'antd';
import { useMemo, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Virtuoso } from 'react-virtuoso';
import type { QualityFlag } from '../../../../shared/schemas/outcome';
import type { Annotation, TranscriptLine } from '../../../../shared/schemas/review';
import { useAppLanguage } from '../../app/useAppLanguage';
import { formatMessageTime } from '../../chat/format-time';

/** From this many lines on, only the lines in view are rendered. */
export const VIRTUALISE_FROM = 80;

const severityOrder: Record<QualityFlag['severity'], number> = { critical: 3, warning: 2, info: 1 };

export interface TranscriptViewerProps {
  lines: readonly TranscriptLine[];
  /** The outcome's quality flags; those with a seq highlight their line. */
  flags?: readonly QualityFlag[];
  annotations?: readonly Annotation[];
  /** Adds a note to a line; absent, the transcript is read-only. */
  onAnnotate?: (seq: number, text: string) => Promise<unknown>;
  onDeleteAnnotation?: (annotation: Annotation) => void;
}

/**
 * A closed chat's transcript for review: each line as plain text (masked by the server), the
 * lines with quality flags highlighted with their reasons, notes under the lines they are about.
 * Click a line, or press A on it, to annotate it; ↑ ↓ move between lines.
 */
export function TranscriptViewer({
  lines,
  flags = [],
  annotations = [],
  onAnnotate,
  onDeleteAnnotation,
}: TranscriptViewerProps) {
  const [editing, setEditing] = useState<number | null>(null);
  const flagsBySeq = useMemo(
    () =>
      group(
        flags.filter((f) => f.seq !== null),
        (f) => f.seq!,
      ),
    [flags],
  );
  const notesBySeq = useMemo(() => group(annotations, (a) => a.seq), [annotations]);

  const row = (line: TranscriptLine) => (
    <TranscriptRow
      key={line.seq}
      line={line}
      flags={flagsBySeq.get(line.seq) ?? []}
      notes={notesBySeq.get(line.seq) ?? []}
      editing={editing === line.seq}
      onEdit={onAnnotate ? () => setEditing(line.seq) : undefined}
      onCancel={() => setEditing(null)}
      onSave={async (text) => {
        await onAnnotate?.(line.seq, text);
        setEditing(null);
      }}
      onDeleteNote={onDeleteAnnotation}
    />
  );

  if (lines.length >= VIRTUALISE_FROM) {
    return (
      <Virtuoso
        style={{ height: 560 }}
        data={lines}
        computeItemKey={(_i, line) => line.seq}
        itemContent={(_i, line) => row(line)}
        role="list"
      />
    );
  }
  return (
    <div role="list" style={{ display: 'flex', flexDirection: 'column', gap: 4 }}>
      {lines.map(row)}
    </div>
  );
}

function group<T>(items: readonly T[], key: (item: T) => number): Map<number, T[]> {
  const map = new Map<number, T[]>();
  for (const item of items) {
    const list = map.get(key(item)) ?? [];
    list.push(item);
    map.set(key(item), list);
  }
  return map;
}

/** Moves the focus to the line before or after `from` (lines carry data-seq). */
function focusSibling(from: HTMLElement, step: 1 | -1) {
  const all = [...document.querySelectorAll<HTMLElement>('[data-transcript-line]')];
  all[all.indexOf(from) + step]?.focus();
}

function TranscriptRow({
  line,
  flags,
  notes,
  editing,
  onEdit,
  onCancel,
  onSave,
  onDeleteNote,
}: {
  line: TranscriptLine;
  flags: readonly QualityFlag[];
  notes: readonly Annotation[];
  editing: boolean;
  onEdit?: () => void;
  onCancel: () => void;
  onSave: (text: string) => Promise<void>;
  onDeleteNote?: (annotation: Annotation) => void;
}) {
  const { t } = useTranslation();
  const language = useAppLanguage();
  const { token } = theme.useToken();
  const worst = flags.reduce<QualityFlag['severity'] | null>(
    (w, f) => (w === null || severityOrder[f.severity] > severityOrder[w] ? f.severity : w),
    null,
  );
  const background =
    worst === 'critical'
      ? token.colorErrorBg
      : worst === 'warning'
        ? token.colorWarningBg
        : worst === 'info'
          ? token.colorInfoBg
          : line.author.kind === 'agent'
            ? token.colorFillQuaternary
            : undefined;
  const author = t(`review.author.${line.author.kind}`);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.target !== event.currentTarget) return;
    if ((event.key === 'a' || event.key === 'A' || event.key === 'Enter') && onEdit) {
      event.preventDefault();
      onEdit();
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      focusSibling(event.currentTarget, event.key === 'ArrowDown' ? 1 : -1);
    }
  };

  return (
    <div role="listitem" data-seq={line.seq}>
      <div
        data-transcript-line
        tabIndex={0}
        aria-label={t('review.lineLabel', { seq: line.seq, author })}
        onClick={onEdit}
        onKeyDown={onKeyDown}
        style={{
          padding: '6px 10px',
          borderRadius: token.borderRadius,
          background,
          cursor: onEdit ? 'pointer' : 'default',
          outlineOffset: 1,
        }}
      >
        <Flex gap={8} align="baseline" wrap>
          <Typography.Text type="secondary" style={{ minWidth: 28 }}>
            #{line.seq}
          </Typography.Text>
          <Typography.Text strong>
            {author} · {line.author.name}
          </Typography.Text>
          <Typography.Text type="secondary">
            {formatMessageTime(line.createdAt, language)}
          </Typography.Text>
          {line.masked && (
            <Tooltip title={t('review.maskedHelp')}>
              <Tag bordered={false} tabIndex={-1}>
                {t('review.masked')}
              </Tag>
            </Tooltip>
          )}
          {worst && (
            <Tooltip
              title={
                <ul style={{ margin: 0, paddingInlineStart: 16 }}>
                  {flags.map((f, i) => (
                    <li key={i}>
                      {t(`review.severity.${f.severity}`)}: {f.reason[language]}
                    </li>
                  ))}
                </ul>
              }
            >
              <WarningFilled
                role="img"
                aria-label={`${t('review.flaggedLine')}: ${flags.map((f) => f.reason[language]).join('; ')}`}
                style={{ color: worst === 'critical' ? token.colorError : token.colorWarning }}
              />
            </Tooltip>
          )}
        </Flex>
        {/* Chat text is text: never parsed as HTML. */}
        <div style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }} data-testid="line-text">
          {line.text}
        </div>
      </div>
      {notes.map((note) => (
        <Flex
          key={note.id}
          gap={8}
          align="start"
          data-testid="annotation"
          style={{
            margin: '2px 0 4px 38px',
            padding: '4px 8px',
            borderInlineStart: `3px solid ${token.colorPrimary}`,
            background: token.colorPrimaryBg,
          }}
        >
          <EditOutlined style={{ color: token.colorPrimary, marginTop: 4 }} aria-hidden />
          <div style={{ flex: 1 }}>
            <div style={{ whiteSpace: 'pre-wrap' }}>{note.text}</div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('review.annotationBy', {
                by: note.by,
                time: formatMessageTime(note.at, language),
              })}
            </Typography.Text>
          </div>
          {onDeleteNote && (
            <Tooltip title={t('review.deleteAnnotation')}>
              <Button
                size="small"
                type="text"
                icon={<DeleteOutlined />}
                aria-label={t('review.deleteAnnotation')}
                onClick={() => onDeleteNote(note)}
              />
            </Tooltip>
          )}
        </Flex>
      ))}
      {editing && <AnnotationEditor onSave={onSave} onCancel={onCancel} />}
    </div>
  );
}

function AnnotationEditor({
  onSave,
  onCancel,
}: {
  onSave: (text: string) => Promise<void>;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [saving, setSaving] = useState(false);
  const save = async () => {
    if (!text.trim() || saving) return;
    setSaving(true);
    try {
      await onSave(text.trim());
    } catch {
      // The page shows why; the note stays in the box to try again.
    } finally {
      setSaving(false);
    }
  };
  return (
    <Flex vertical gap={6} style={{ margin: '4px 0 8px 38px' }}>
      <Input.TextArea
        autoFocus
        value={text}
        maxLength={1000}
        autoSize={{ minRows: 2, maxRows: 6 }}
        placeholder={t('review.annotatePlaceholder')}
        aria-label={t('review.annotatePlaceholder')}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') onCancel();
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void save();
        }}
      />
      <Flex gap={8}>
        <Button
          type="primary"
          size="small"
          loading={saving}
          disabled={!text.trim()}
          onClick={() => void save()}
        >
          {t('review.annotateSave')}
        </Button>
        <Button size="small" onClick={onCancel}>
          {t('review.annotateCancel')}
        </Button>
      </Flex>
    </Flex>
  );
}
