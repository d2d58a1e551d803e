import { LogoutOutlined } from '@ant-design/icons';
import { Button, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import type { StaffUser } from '../../../shared/schemas/auth';
import { useSignOut } from '../app/session';

export function SignedInUser({ user }: { user: StaffUser }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const signOut = useSignOut();
  return (
    <Flex align="center" gap={8}>
      <Typography.Text style={{ whiteSpace: 'nowrap' }}>
        {user.displayName}
        <Typography.Text type="secondary"> · {t(`roles.${user.role}`)}</Typography.Text>
      </Typography.Text>
      <Button
        icon={<LogoutOutlined />}
        loading={signOut.isPending}
        onClick={() => signOut.mutate(undefined, { onSettled: () => void navigate('/login') })}
      >
        {t('common.signOut')}
      </Button>
    </Flex>
  );
}
