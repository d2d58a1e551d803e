import { UserAddOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StaffUser } from '../../../../shared/schemas/auth';
import { errorMessageKey } from '../../app/api';
import { ErrorResult } from '../../components/ErrorResult';
import { StaffPageLayout } from '../../components/StaffPageLayout';
import { useStaffList } from './staff-api';
import { CreateStaffDrawer, EditStaffDrawer } from './StaffDrawers';
import { StaffTable } from './StaffTable';

/** Staff accounts for admins: who can sign in, in which role, with which skills and capacity. */
export function AdminStaffPage({ user }: { user: StaffUser }) {
  const { t } = useTranslation();
  const list = useStaffList();
  const staff = list.data ?? [];
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<{ username: string; open: boolean } | null>(null);
  const retry = () => void list.refetch();

  return (
    <StaffPageLayout title={t('admin.title')} user={user}>
      {list.isError && !list.data ? (
        <Card>
          <ErrorResult title={t('admin.loadError')} error={list.error} onRetry={retry} />
        </Card>
      ) : (
        <Card>
          <Flex justify="end" style={{ marginBottom: 16 }}>
            <Button type="primary" icon={<UserAddOutlined />} onClick={() => setCreating(true)}>
              {t('admin.newAccount')}
            </Button>
          </Flex>
          {list.isError && (
            // A refresh failed; the list below is what we had before.
            <Alert
              type="warning"
              showIcon
              title={`${t('admin.loadError')} ${t(errorMessageKey(list.error))}`}
              action={<Button onClick={retry}>{t('common.retry')}</Button>}
              style={{ marginBottom: 16 }}
            />
          )}
          <StaffTable
            staff={staff}
            loading={list.isPending}
            currentUsername={user.username}
            onEdit={(account) => setEditing({ username: account.username, open: true })}
          />
        </Card>
      )}
      <CreateStaffDrawer open={creating} staff={staff} onClose={() => setCreating(false)} />
      <EditStaffDrawer
        open={editing?.open ?? false}
        account={staff.find((account) => account.username === editing?.username)}
        staff={staff}
        currentUsername={user.username}
        onClose={() => setEditing((current) => current && { ...current, open: false })}
      />
    </StaffPageLayout>
  );
}
