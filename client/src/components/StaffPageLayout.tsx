import { Layout } from 'antd';
import type { ReactNode } from 'react';
import type { StaffUser } from '../../../shared/schemas/auth';
import { useDocumentTitle } from '../app/useDocumentTitle';
import { AppHeader } from './AppHeader';
import { SignedInUser } from './SignedInUser';

/** The frame of a signed-in staff page: the bar with its title and the user, then the content. */
export function StaffPageLayout({
  title,
  user,
  children,
}: {
  title: string;
  user: StaffUser;
  children: ReactNode;
}) {
  useDocumentTitle(title);
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <AppHeader title={title} user={user} extra={<SignedInUser user={user} />} />
      <Layout.Content style={{ padding: 24 }}>{children}</Layout.Content>
    </Layout>
  );
}
