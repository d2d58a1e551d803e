import { DeleteOutlined, EditOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Flex,
  Popconfirm,
  Switch,
  Table,
  Tag,
  Typography,
  theme,
  type TableColumnsType,
} from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import type { StaffBundleView } from '../../../../../shared/schemas/bundle';
import { useAppLanguage } from '../../../app/useAppLanguage';
import { localize } from '../../shop/catalog';
import { formatCny } from '../../shop/format';
import { bundleErrorText } from './bundle-form';
import { bundleInput, useDeleteBundle, useUpdateBundle } from './bundles-api';

const day = (iso: string) => dayjs(iso).format('YYYY-MM-DD');
// Prices, dates and controls stay on one line; names and items wrap instead.
const nowrap = () => ({ style: { whiteSpace: 'nowrap' as const } });

/** Why an active bundle is still not offered to shoppers today, if it is not. */
function scheduleOf(
  bundle: StaffBundleView,
  now: number,
): 'scheduled' | 'expired' | 'soldOut' | null {
  if (Date.parse(bundle.validTo) < now) return 'expired';
  if (Date.parse(bundle.validFrom) > now) return 'scheduled';
  if (bundle.stock <= 0) return 'soldOut';
  return null;
}

/** Puts a bundle on sale or takes it off at once; the rest of it stays as it is. */
function ActiveSwitch({ bundle }: { bundle: StaffBundleView }) {
  const { t } = useTranslation();
  const language = useAppLanguage();
  const { message: toast } = App.useApp();
  const update = useUpdateBundle();
  const name = localize(bundle.name, language);
  const setActive = (active: boolean) =>
    update.mutate(
      { bundleId: bundle.bundleId, input: bundleInput(bundle, { active }) },
      {
        onSuccess: () =>
          void toast.success(t(active ? 'bundles.putOnSale' : 'bundles.takenOffSale', { name })),
        onError: (error) =>
          void toast.error(
            `${t('bundles.errors.changeFailed', { name })} ${bundleErrorText(t, error).sentence}`,
          ),
      },
    );
  return (
    <Switch
      // While saving, show where it is going.
      checked={update.isPending ? update.variables.input.active : bundle.active}
      loading={update.isPending}
      aria-label={t('bundles.activeLabel', { name })}
      checkedChildren={t('bundles.status.onSale')}
      unCheckedChildren={t('bundles.status.offSale')}
      onChange={setActive}
    />
  );
}

function DeleteButton({ bundle }: { bundle: StaffBundleView }) {
  const { t } = useTranslation();
  const language = useAppLanguage();
  const { message: toast } = App.useApp();
  const remove = useDeleteBundle();
  const name = localize(bundle.name, language);
  return (
    <Popconfirm
      title={t('bundles.deleteConfirm', { name })}
      description={<div style={{ maxWidth: 320 }}>{t('bundles.deleteDescription')}</div>}
      okText={t('bundles.delete')}
      okButtonProps={{ danger: true }}
      cancelText={t('bundles.cancel')}
      onConfirm={() =>
        remove.mutate(bundle.bundleId, {
          onSuccess: () => void toast.success(t('bundles.deleted', { name })),
          onError: (error) =>
            void toast.error(
              `${t('bundles.errors.deleteFailed', { name })} ${bundleErrorText(t, error).sentence}`,
            ),
        })
      }
    >
      <Button
        type="link"
        danger
        icon={<DeleteOutlined />}
        loading={remove.isPending}
        aria-label={t('bundles.deleteLabel', { name })}
        style={{ paddingInline: 0 }}
      >
        {t('bundles.delete')}
      </Button>
    </Popconfirm>
  );
}

export function BundlesTable({
  bundles,
  loading,
  onEdit,
}: {
  bundles: StaffBundleView[];
  loading: boolean;
  onEdit: (bundle: StaffBundleView) => void;
}) {
  const { t } = useTranslation();
  const language = useAppLanguage();
  const { token } = theme.useToken();
  const money = (amount: number | null) =>
    amount === null ? (
      <Typography.Text type="secondary">—</Typography.Text>
    ) : (
      formatCny(amount, language)
    );
  // When the page opened: a bundle that expires while it is open shows so after a reload.
  const [now] = useState(() => Date.now());

  const columns: TableColumnsType<StaffBundleView> = [
    {
      title: t('bundles.column.bundle'),
      key: 'bundle',
      width: 190,
      render: (_value, row) => (
        <Flex vertical gap={2}>
          <Typography.Text strong>{localize(row.name, language)}</Typography.Text>
          <Typography.Text
            type="secondary"
            code
            style={{ alignSelf: 'start', whiteSpace: 'nowrap' }}
          >
            {row.bundleId}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('bundles.column.items'),
      key: 'items',
      width: 280,
      render: (_value, row) => (
        <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {row.items.map((item) => (
            <li key={item.sku}>
              {item.name ? (
                <>
                  {localize(item.name, language)}{' '}
                  <Typography.Text type="secondary" style={{ whiteSpace: 'nowrap' }}>
                    {item.sku}
                  </Typography.Text>
                </>
              ) : (
                <Typography.Text type="danger">
                  {t('bundles.unknownItem', { sku: item.sku })}
                </Typography.Text>
              )}
            </li>
          ))}
        </ul>
      ),
    },
    {
      title: t('bundles.column.listPrice'),
      dataIndex: 'listPrice',
      onCell: nowrap,
      onHeaderCell: nowrap,
      align: 'right',
      render: (listPrice: number | null) => (
        <Typography.Text type="secondary" delete={listPrice !== null}>
          {money(listPrice)}
        </Typography.Text>
      ),
    },
    {
      title: t('bundles.column.bundlePrice'),
      dataIndex: 'bundlePrice',
      onCell: nowrap,
      onHeaderCell: nowrap,
      align: 'right',
      render: (price: number) => (
        <Typography.Text strong style={{ color: token.colorError }}>
          {formatCny(price, language)}
        </Typography.Text>
      ),
    },
    {
      title: t('bundles.column.saving'),
      dataIndex: 'saving',
      onCell: nowrap,
      onHeaderCell: nowrap,
      align: 'right',
      render: (saving: number | null) =>
        saving === null ? (
          money(null)
        ) : (
          <Typography.Text type={saving > 0 ? 'success' : 'danger'}>
            {money(saving)}
          </Typography.Text>
        ),
    },
    {
      title: t('bundles.column.validity'),
      key: 'validity',
      // Wraps between the two dates on narrow screens, never inside one.
      onHeaderCell: nowrap,
      render: (_value, row) => (
        <Trans
          t={t}
          i18nKey="bundles.validityRange"
          values={{ from: day(row.validFrom), to: day(row.validTo) }}
          components={{ day: <span style={{ whiteSpace: 'nowrap' }} /> }}
        />
      ),
    },
    { title: t('bundles.column.stock'), dataIndex: 'stock', align: 'right', onHeaderCell: nowrap },
    {
      title: t('bundles.column.status'),
      key: 'status',
      onCell: nowrap,
      onHeaderCell: nowrap,
      render: (_value, row) => {
        const schedule = row.active ? scheduleOf(row, now) : null;
        return (
          <Flex gap={8} align="center" wrap>
            <ActiveSwitch bundle={row} />
            {schedule && (
              <Tag
                color={schedule === 'scheduled' ? 'blue' : 'default'}
                style={{ marginInlineEnd: 0 }}
              >
                {t(`bundles.status.${schedule}`)}
              </Tag>
            )}
          </Flex>
        );
      },
    },
    {
      title: t('bundles.column.actions'),
      key: 'actions',
      onCell: nowrap,
      onHeaderCell: nowrap,
      render: (_value, row) => (
        <Flex gap={12}>
          <Button
            type="link"
            icon={<EditOutlined />}
            aria-label={t('bundles.editLabel', { name: localize(row.name, language) })}
            onClick={() => onEdit(row)}
            style={{ paddingInline: 0 }}
          >
            {t('bundles.edit')}
          </Button>
          <DeleteButton bundle={row} />
        </Flex>
      ),
    },
  ];

  return (
    <Table<StaffBundleView>
      rowKey="bundleId"
      columns={columns}
      dataSource={bundles}
      loading={loading}
      pagination={{ pageSize: 50, hideOnSinglePage: true }}
      locale={{ emptyText: loading ? ' ' : t('bundles.empty') }}
      // Narrow screens scroll sideways; wide ones let the names wrap, never the prices.
      scroll={{ x: 1080 }}
      tableLayout="auto"
      size="middle"
      onRow={(row) => ({ style: row.active ? undefined : { opacity: 0.6 } })}
      data-testid="bundles-table"
    />
  );
}
