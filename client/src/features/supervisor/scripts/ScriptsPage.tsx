import { ArrowLeftOutlined, EditOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Input, Select, Table, Tag, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  objectionCategories,
  type ObjectionCategory,
} from '../../../../../shared/domain/objection-categories';
import { objectionLabels } from '../../../../../shared/domain/objection-labels';
import { personalityInfo } from '../../../../../shared/domain/personality';
import {
  scenarioInfo,
  scriptLocales,
  scriptScenarios,
  stageInfo,
  techniqueInfo,
  type ScriptLocale,
  type ScriptScenario,
} from '../../../../../shared/domain/scripts';
import type { StaffUser } from '../../../../../shared/schemas/auth';
import { errorMessageKey } from '../../../app/api';
import { useAppLanguage } from '../../../app/useAppLanguage';
import { ButtonLink } from '../../../components/ButtonLink';
import { ErrorResult } from '../../../components/ErrorResult';
import { StaffPageLayout } from '../../../components/StaffPageLayout';
import { ScriptDrawer } from './ScriptDrawer';
import { useScriptLibrary, type LibraryFilters, type LibraryScript } from './scripts-api';

const rowKey = (s: { locale: string; id: string }) => `${s.locale}/${s.id}`;

/** The script library (话术库) for supervisors: browse, edit drafts, publish, roll back. */
export function ScriptsPage({ user }: { user: StaffUser }) {
  const { t } = useTranslation();
  const language = useAppLanguage();
  const [filters, setFilters] = useState<LibraryFilters>({});
  const [search, setSearch] = useState('');
  const list = useScriptLibrary(filters);
  const scripts = list.data ?? [];
  // Drafts this session saved or discarded; the list itself only holds published scripts.
  const [drafts, setDrafts] = useState<Record<string, boolean>>({});
  const [drawer, setDrawer] = useState<{ locale: ScriptLocale; id: string; open: boolean } | null>(
    null,
  );
  const retry = () => void list.refetch();
  const setFilter = <K extends keyof LibraryFilters>(key: K, value: LibraryFilters[K]) =>
    setFilters((current) => ({ ...current, [key]: value }));
  const all = t('scriptEditor.filters.all');

  const columns: TableColumnsType<LibraryScript> = [
    { key: 'title', title: t('scriptEditor.columns.title'), dataIndex: 'title' },
    {
      key: 'scenario',
      title: t('scriptEditor.columns.scenario'),
      render: (_, s) => scenarioInfo[s.scenario].label[language],
    },
    {
      key: 'stage',
      title: t('scriptEditor.columns.stage'),
      render: (_, s) => stageInfo[s.stage].label[language],
    },
    {
      key: 'objection',
      title: t('scriptEditor.columns.objection'),
      render: (_, s) => (s.objection ? objectionLabels[s.objection][language] : '—'),
    },
    {
      key: 'technique',
      title: t('scriptEditor.columns.technique'),
      render: (_, s) => techniqueInfo[s.technique].label[language],
    },
    {
      key: 'personalities',
      title: t('scriptEditor.columns.personalities'),
      render: (_, s) =>
        s.personalities.length === 0
          ? t('scriptEditor.anyPersonality')
          : s.personalities.map((p) => personalityInfo[p].label[language]).join('、'),
    },
    { key: 'version', title: t('scriptEditor.columns.version'), render: (_, s) => `v${s.version}` },
    {
      key: 'draft',
      title: t('scriptEditor.columns.draft'),
      render: (_, s) =>
        (drafts[rowKey(s)] ?? s.hasDraft) ? (
          <Tag color="gold">{t('scriptEditor.draftTag')}</Tag>
        ) : null,
    },
    {
      key: 'actions',
      title: t('scriptEditor.columns.actions'),
      render: (_, s) => (
        <Button
          type="link"
          icon={<EditOutlined />}
          aria-label={t('scriptEditor.editLabel', { title: s.title })}
          style={{ paddingInline: 0 }}
          onClick={() => setDrawer({ locale: s.locale, id: s.id, open: true })}
        >
          {t('scriptEditor.edit')}
        </Button>
      ),
    },
  ];

  return (
    <StaffPageLayout title={t('scriptEditor.title')} user={user}>
      {list.isError && !list.data ? (
        <Card>
          <ErrorResult title={t('scriptEditor.loadError')} error={list.error} onRetry={retry} />
        </Card>
      ) : (
        <Card>
          <Flex justify="space-between" gap={8} wrap style={{ marginBottom: 16 }}>
            <ButtonLink to="/supervisor" type="text" icon={<ArrowLeftOutlined />}>
              {t('scriptEditor.backToDashboard')}
            </ButtonLink>
          </Flex>
          <Flex gap={8} wrap style={{ marginBottom: 16 }}>
            <Select<ScriptLocale | ''>
              aria-label={t('scriptEditor.filters.locale')}
              data-testid="filter-locale"
              style={{ minWidth: 120 }}
              value={filters.locale ?? ''}
              onChange={(value) => setFilter('locale', value || undefined)}
              options={[
                { value: '', label: `${t('scriptEditor.filters.locale')}: ${all}` },
                ...scriptLocales.map((l) => ({ value: l, label: t(`scriptEditor.locales.${l}`) })),
              ]}
            />
            <Select<ScriptScenario | ''>
              aria-label={t('scriptEditor.filters.scenario')}
              data-testid="filter-scenario"
              style={{ minWidth: 160 }}
              value={filters.scenario ?? ''}
              onChange={(value) => setFilter('scenario', value || undefined)}
              options={[
                { value: '', label: `${t('scriptEditor.filters.scenario')}: ${all}` },
                ...scriptScenarios.map((s) => ({
                  value: s,
                  label: scenarioInfo[s].label[language],
                })),
              ]}
            />
            <Select<ObjectionCategory | ''>
              aria-label={t('scriptEditor.filters.objection')}
              data-testid="filter-objection"
              style={{ minWidth: 160 }}
              value={filters.objection ?? ''}
              onChange={(value) => setFilter('objection', value || undefined)}
              options={[
                { value: '', label: `${t('scriptEditor.filters.objection')}: ${all}` },
                ...objectionCategories.map((o) => ({
                  value: o,
                  label: objectionLabels[o][language],
                })),
              ]}
            />
            <Input.Search
              aria-label={t('scriptEditor.filters.search')}
              placeholder={t('scriptEditor.filters.search')}
              allowClear
              style={{ maxWidth: 320 }}
              value={search}
              onChange={(event) => {
                setSearch(event.target.value);
                if (event.target.value === '') setFilter('q', undefined);
              }}
              onSearch={(value) => setFilter('q', value.trim() || undefined)}
            />
          </Flex>
          {list.isError && (
            <Alert
              type="warning"
              showIcon
              title={`${t('scriptEditor.loadError')} ${t(errorMessageKey(list.error))}`}
              action={<Button onClick={retry}>{t('common.retry')}</Button>}
              style={{ marginBottom: 16 }}
            />
          )}
          <Table<LibraryScript>
            rowKey={rowKey}
            columns={columns}
            dataSource={scripts}
            loading={list.isPending || list.isFetching}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            locale={{ emptyText: t('scriptEditor.empty') }}
            size="middle"
            scroll={{ x: true }}
          />
        </Card>
      )}
      {drawer && (
        <ScriptDrawer
          key={rowKey(drawer)}
          locale={drawer.locale}
          id={drawer.id}
          open={drawer.open}
          onDraftChange={(hasDraft) =>
            setDrafts((current) => ({ ...current, [rowKey(drawer)]: hasDraft }))
          }
          onClose={() => setDrawer((current) => current && { ...current, open: false })}
        />
      )}
    </StaffPageLayout>
  );
}
