import { TeamOutlined } from '@ant-design/icons';
import { Flex, Layout, Typography, theme } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router-dom';
import type { StaffRole, StaffUser } from '../../../shared/schemas/auth';
import { ButtonLink } from './ButtonLink';
import { LanguageSwitcher } from './LanguageSwitcher';

interface AppHeaderProps {
  /** The page's main heading, shown in the bar. Pages that head their own content leave it out. */
  title?: ReactNode;
  /** The ScriptDesk name linking home; the shop's storefront is not ScriptDesk-branded. */
  showProductName?: boolean;
  extra?: ReactNode;
  /** The signed-in staff member, for the links to the pages their role may open. */
  user?: StaffUser;
}

/** Staff pages reached from the bar, each for the roles that may open it. */
const staffLinks: { to: string; label: 'nav.admin'; icon: ReactNode; roles: StaffRole[] }[] = [
  { to: '/admin', label: 'nav.admin', icon: <TeamOutlined />, roles: ['admin'] },
];

function StaffNav({ role }: { role: StaffRole }) {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const links = staffLinks.filter((link) => link.roles.includes(role));
  if (links.length === 0) return null;
  return (
    <nav aria-label={t('nav.label')}>
      <Flex gap={4}>
        {links.map((link) => {
          const current = pathname === link.to;
          return (
            <ButtonLink
              key={link.to}
              to={link.to}
              icon={link.icon}
              color={current ? 'primary' : 'default'}
              variant={current ? 'filled' : 'text'}
              aria-current={current ? 'page' : undefined}
            >
              {t(link.label)}
            </ButtonLink>
          );
        })}
      </Flex>
    </nav>
  );
}

export function AppHeader({ title, showProductName = true, extra, user }: AppHeaderProps) {
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
      {user && <StaffNav role={user.role} />}
      <Flex align="center" gap={12} style={{ marginInlineStart: 'auto' }}>
        {extra}
        <LanguageSwitcher />
      </Flex>
    </Layout.Header>
  );
}
