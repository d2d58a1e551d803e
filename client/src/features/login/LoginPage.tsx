import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Layout, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import type { LoginInput } from '../../../../shared/schemas/auth';
import { errorMessageKey } from '../../app/api';
import { homePathFor, useSignIn } from '../../app/session';
import { useDocumentTitle } from '../../app/useDocumentTitle';
import { AppHeader } from '../../components/AppHeader';

export function LoginPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const signIn = useSignIn();
  useDocumentTitle(t('login.title'));

  const submit = (values: LoginInput) => {
    signIn.mutate(values, {
      onSuccess: (user) => void navigate(homePathFor(user.role), { replace: true }),
    });
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <AppHeader />
      <Layout.Content style={{ display: 'grid', placeItems: 'center', padding: 24 }}>
        <Card style={{ width: '100%', maxWidth: 380 }}>
          <Typography.Title
            level={1}
            data-testid="page-title"
            style={{ fontSize: 24, marginTop: 0, marginBottom: 4 }}
          >
            {t('login.title')}
          </Typography.Title>
          <Typography.Paragraph type="secondary">{t('login.subtitle')}</Typography.Paragraph>
          {signIn.isError && (
            <Alert
              type="error"
              showIcon
              data-testid="login-error"
              title={t(errorMessageKey(signIn.error))}
              style={{ marginBottom: 16 }}
            />
          )}
          <Form<LoginInput> layout="vertical" requiredMark={false} onFinish={submit}>
            <Form.Item
              name="username"
              label={t('login.username')}
              rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}
            >
              <Input prefix={<UserOutlined />} autoFocus autoComplete="username" size="large" />
            </Form.Item>
            <Form.Item
              name="password"
              label={t('login.password')}
              rules={[{ required: true, message: t('login.passwordRequired') }]}
            >
              <Input.Password
                prefix={<LockOutlined />}
                autoComplete="current-password"
                size="large"
              />
            </Form.Item>
            <Button type="primary" htmlType="submit" size="large" block loading={signIn.isPending}>
              {t('login.submit')}
            </Button>
          </Form>
        </Card>
      </Layout.Content>
    </Layout>
  );
}
