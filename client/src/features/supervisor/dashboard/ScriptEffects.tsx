import { Card, Empty, Flex, Table, Tooltip, Typography, theme, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { BASE_VARIANT_ID } from '../../../../../shared/domain/scripts';
import type { Dashboard, ScriptEffect } from '../../../../../shared/schemas/dashboard';
import { useAppLanguage } from '../../../app/useAppLanguage';
import { HintLabel } from './KpiCards';
import { NO_VALUE, compareNullable, formatCount, formatPercent } from './format';

const rowKey = (s: ScriptEffect) => `${s.scriptId}@${s.version}/${s.variant}`;

/** The Wilson interval as a bar on 0–100%, with the win rate marked inside it. */
export function IntervalBar({
  low,
  high,
  winRate,
}: {
  low: number;
  high: number;
  winRate: number | null;
}) {
  const { t } = useTranslation();
  const language = useAppLanguage();
  const { token } = theme.useToken();
  const label = t('dashboard.ui.scripts.intervalLabel', {
    low: formatPercent(low, language),
    high: formatPercent(high, language),
  });
  const percent = (ratio: number) => `${Math.min(100, Math.max(0, ratio * 100))}%`;
  return (
    <Tooltip title={label}>
      <Flex align="center" gap={8}>
        <div
          role="img"
          aria-label={label}
          data-testid="interval-bar"
          style={{
            position: 'relative',
            width: 120,
            height: 8,
            borderRadius: 4,
            background: token.colorFillSecondary,
            flex: 'none',
          }}
        >
          <div
            style={{
              position: 'absolute',
              left: percent(low),
              width: `calc(${percent(high)} - ${percent(low)})`,
              top: 0,
              bottom: 0,
              borderRadius: 4,
              background: token.colorPrimaryBorder,
            }}
          />
          {winRate !== null && (
            <div
              style={{
                position: 'absolute',
                left: percent(winRate),
                width: 2,
                top: -2,
                bottom: -2,
                marginLeft: -1,
                background: token.colorPrimary,
              }}
            />
          )}
        </div>
        <Typography.Text type="secondary" style={{ whiteSpace: 'nowrap', fontSize: 12 }}>
          {formatPercent(low, language)} – {formatPercent(high, language)}
        </Typography.Text>
      </Flex>
    </Tooltip>
  );
}

function useVariantName() {
  const { t } = useTranslation();
  return (variant: string) =>
    variant === BASE_VARIANT_ID ? t('dashboard.scripts.baseVariant') : variant;
}

/** Win rate, or why there is none to trust yet. */
function WinRate({ effect, minSample }: { effect: ScriptEffect; minSample: number }) {
  const { t } = useTranslation();
  const language = useAppLanguage();
  if (!effect.enoughData) {
    return (
      <Typography.Text type="secondary" data-testid="not-enough-data">
        {t('dashboard.scripts.notEnoughData', { count: minSample })}
      </Typography.Text>
    );
  }
  return <>{effect.winRate === null ? NO_VALUE : formatPercent(effect.winRate, language)}</>;
}

/** Every script × version × variant used in the range; rows below the threshold greyed out. */
export function ScriptEffectTable({
  dashboard,
  titles,
}: {
  dashboard: Dashboard;
  titles: ReadonlyMap<string, string>;
}) {
  const { t } = useTranslation();
  const language = useAppLanguage();
  const { token } = theme.useToken();
  const variantName = useVariantName();
  const columns: TableColumnsType<ScriptEffect> = [
    {
      key: 'script',
      title: t('dashboard.scripts.script'),
      render: (_, s) => (
        <>
          {titles.get(s.scriptId) ?? s.scriptId}
          {titles.has(s.scriptId) && (
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
              {s.scriptId}
            </Typography.Text>
          )}
        </>
      ),
    },
    {
      key: 'version',
      title: t('dashboard.scripts.version'),
      render: (_, s) => t('dashboard.ui.scripts.versionTag', { version: s.version }),
    },
    {
      key: 'variant',
      title: t('dashboard.scripts.variant'),
      render: (_, s) => variantName(s.variant),
    },
    {
      key: 'used',
      title: (
        <HintLabel
          label={t('dashboard.scripts.used')}
          hint={t('dashboard.scripts.usedDefinition')}
        />
      ),
      align: 'right',
      sorter: (a, b) => a.used - b.used,
      render: (_, s) => formatCount(s.used, language),
    },
    {
      key: 'won',
      title: (
        <HintLabel label={t('dashboard.scripts.won')} hint={t('dashboard.scripts.wonDefinition')} />
      ),
      align: 'right',
      sorter: (a, b) => a.won - b.won,
      render: (_, s) => formatCount(s.won, language),
    },
    {
      key: 'winRate',
      title: (
        <HintLabel
          label={t('dashboard.scripts.winRate')}
          hint={t('dashboard.scripts.winRateDefinition')}
        />
      ),
      align: 'right',
      sorter: (a, b, order) =>
        compareNullable(a.enoughData ? a.winRate : null, b.enoughData ? b.winRate : null, order),
      render: (_, s) => <WinRate effect={s} minSample={dashboard.minSample} />,
    },
    {
      key: 'interval',
      title: (
        <HintLabel
          label={t('dashboard.scripts.interval')}
          hint={t('dashboard.scripts.intervalDefinition')}
        />
      ),
      render: (_, s) =>
        s.enoughData && s.interval ? (
          <IntervalBar low={s.interval.low} high={s.interval.high} winRate={s.winRate} />
        ) : (
          NO_VALUE
        ),
    },
  ];
  return (
    <Table<ScriptEffect>
      data-testid="dashboard-scripts"
      rowKey={rowKey}
      size="small"
      columns={columns}
      dataSource={dashboard.scripts}
      pagination={dashboard.scripts.length > 20 ? { pageSize: 20 } : false}
      showSorterTooltip={false}
      scroll={{ x: 'max-content' }}
      onRow={(s) =>
        s.enoughData
          ? {}
          : {
              'data-enough-data': 'false',
              style: { color: token.colorTextTertiary, background: token.colorFillQuaternary },
            }
      }
      locale={{ emptyText: t('dashboard.scripts.empty') }}
    />
  );
}

/** Each A/B test: the variants of one script version in adjacent cards. */
export function AbTests({
  dashboard,
  titles,
}: {
  dashboard: Dashboard;
  titles: ReadonlyMap<string, string>;
}) {
  const { t } = useTranslation();
  const language = useAppLanguage();
  const variantName = useVariantName();
  if (dashboard.abTests.length === 0) {
    return (
      <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dashboard.ui.abTests.empty')} />
    );
  }
  return (
    <Flex vertical gap={16}>
      {dashboard.abTests.map((test) => (
        <Card
          key={`${test.scriptId}@${test.version}`}
          type="inner"
          size="small"
          data-testid={`ab-test-${test.scriptId}`}
          title={t('dashboard.ui.abTests.title', {
            script: titles.get(test.scriptId) ?? test.scriptId,
            version: test.version,
          })}
        >
          <Flex gap={16} wrap>
            {test.variants.map((v) => (
              <Card
                key={v.variant}
                size="small"
                data-testid={`ab-variant-${v.variant}`}
                style={{ flex: '1 1 200px', minWidth: 180 }}
                title={variantName(v.variant)}
              >
                <div style={v.enoughData ? { fontSize: 22, fontWeight: 600 } : { minHeight: 33 }}>
                  <Tooltip title={t('dashboard.scripts.winRateDefinition')}>
                    <span>
                      <WinRate effect={v} minSample={dashboard.minSample} />
                    </span>
                  </Tooltip>
                </div>
                <Typography.Text type="secondary">
                  {t('dashboard.ui.abTests.tally', {
                    won: formatCount(v.won, language),
                    used: formatCount(v.used, language),
                  })}
                </Typography.Text>
                {v.enoughData && v.interval && (
                  <div style={{ marginTop: 8 }}>
                    <IntervalBar low={v.interval.low} high={v.interval.high} winRate={v.winRate} />
                  </div>
                )}
              </Card>
            ))}
          </Flex>
        </Card>
      ))}
    </Flex>
  );
}
