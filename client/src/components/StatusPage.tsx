import { Layout, Result } from 'antd';
import type { ResultProps } from 'antd';
import type { ReactNode } from 'react';
import { useDocumentTitle } from '../app/useDocumentTitle';
import { AppHeader } from './AppHeader';

interface StatusPageProps {
  status: ResultProps['status'];
  title: string;
  description: string;
  extra?: ReactNode;
  headerExtra?: ReactNode;
}

/** A whole page that only says where the user stands (not found, no access) and where to go. */
export function StatusPage({ status, title, description, extra, headerExtra }: StatusPageProps) {
  useDocumentTitle(title);
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <AppHeader extra={headerExtra} />
      <Layout.Content style={{ display: 'grid', placeItems: 'center', padding: 24 }}>
        <Result
          status={status}
          title={
            <h1 data-testid="page-title" style={{ font: 'inherit', margin: 0 }}>
              {title}
            </h1>
          }
          subTitle={description}
          extra={extra}
        />
      </Layout.Content>
    </Layout>
  );
}
