import { Table, Tooltip, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Dashboard } from '../../../../../shared/schemas/dashboard';
import { useAppLanguage } from '../../../app/useAppLanguage';
import { HintLabel, KpiTip } from './KpiCards';
import { compareNullable, formatCount, formatKpi, formatMoney, ratioKpis } from './format';

type AgentRow = Dashboard['byAgent'][number];
const nowrap = () => ({ style: { whiteSpace: 'nowrap' as const } });

/** Every agent's KPIs side by side; each column sorts, each heading and figure explains itself. */
export function AgentTable({ agents }: { agents: AgentRow[] }) {
  const { t } = useTranslation();
  const language = useAppLanguage();
  const columns: TableColumnsType<AgentRow> = [
    {
      key: 'agent',
      title: t('dashboard.ui.agents.agent'),
      dataIndex: 'agentName',
      fixed: 'left',
      sorter: (a, b) => a.agentName.localeCompare(b.agentName, language),
      onCell: nowrap,
    },
    {
      key: 'chats',
      title: (
        <HintLabel
          label={t('dashboard.kpi.chats.label')}
          hint={t('dashboard.kpi.chats.definition')}
        />
      ),
      align: 'right',
      sorter: (a, b) => a.kpis.chats - b.kpis.chats,
      render: (_, row) => formatCount(row.kpis.chats, language),
      onCell: nowrap,
    },
    ...ratioKpis.map((name): TableColumnsType<AgentRow>[number] => ({
      key: name,
      title: (
        <HintLabel
          label={t(`dashboard.kpi.${name}.label`)}
          hint={t(`dashboard.kpi.${name}.definition`)}
        />
      ),
      align: 'right',
      sorter: (a, b, order) => compareNullable(a.kpis[name].value, b.kpis[name].value, order),
      render: (_, row) => (
        <Tooltip title={<KpiTip name={name} ratio={row.kpis[name]} />}>
          <span>{formatKpi(name, row.kpis[name], t, language)}</span>
        </Tooltip>
      ),
      onCell: nowrap,
      onHeaderCell: nowrap,
    })),
    {
      key: 'sales',
      title: (
        <HintLabel
          label={t('dashboard.kpi.sales.label')}
          hint={t('dashboard.kpi.sales.definition')}
        />
      ),
      align: 'right',
      sorter: (a, b) => a.kpis.sales - b.kpis.sales,
      render: (_, row) => formatMoney(row.kpis.sales, language),
      onCell: nowrap,
    },
  ];
  return (
    <Table<AgentRow>
      data-testid="dashboard-agents"
      rowKey="agentId"
      size="small"
      columns={columns}
      dataSource={agents}
      pagination={false}
      showSorterTooltip={false}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: t('dashboard.ui.agents.empty') }}
    />
  );
}
