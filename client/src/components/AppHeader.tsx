import { Flex, Layout, Typography, theme } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { LanguageSwitcher } from './LanguageSwitcher';

interface AppHeaderProps {
  /** The page's main heading, shown in the bar. Pages that head their own content leave it out. */
  title?: ReactNode;
  /** The ScriptDesk name linking home; the shop's storefront is not ScriptDesk-branded. */
  showProductName?: boolean;
  extra?: ReactNode;
}

export function AppHeader({ title, showProductName = true, extra }: AppHeaderProps) {
  const { token } = theme.useToken();
  return (
    <Layout.Header
      style={{
        display: 'flex',
        alignItems: 'center',
        gap: 16,
        height: 56,
        paddingInline: 20,
        background: token.colorBgContainer,
        borderBottom: `1px solid ${token.colorBorderSecondary}`,
        lineHeight: 'normal',
      }}
    >
      {showProductName && (
        <Link
          to="/"
          style={{ color: token.colorPrimary, fontWeight: 600, fontSize: 16, whiteSpace: 'nowrap' }}
        >
          ScriptDesk
        </Link>
      )}
      {title !== undefined && (
        <Typography.Title
          level={1}
          data-testid="page-title"
          ellipsis
          style={{ margin: 0, fontSize: 18 }}
        >
          {title}
        </Typography.Title>
      )}
      <Flex align="center" gap={12} style={{ marginInlineStart: 'auto' }}>
        {extra}
        <LanguageSwitcher />
      </Flex>
    </Layout.Header>
  );
}
