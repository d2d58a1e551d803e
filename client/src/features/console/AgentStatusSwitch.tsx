import { App, Segmented } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessageKey } from '../../app/api';
import type { AgentChat, AgentStatus } from './agent-chat';

export function AgentStatusSwitch({ agent }: { agent: AgentChat }) {
  const { t } = useTranslation();
  const { message: toast } = App.useApp();
  const [status, setStatus] = useState<AgentStatus>(agent.currentStatus);
  const [saving, setSaving] = useState(false);

  const change = async (next: AgentStatus) => {
    setSaving(true);
    try {
      await agent.setStatus(next);
      setStatus(next);
    } catch (error) {
      void toast.error(`${t('console.statusFailed')} ${t(errorMessageKey(error))}`);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Segmented<AgentStatus>
      data-testid="agent-status"
      aria-label={t('console.statusLabel')}
      disabled={saving}
      value={status}
      options={[
        { value: 'online', label: t('console.status.online') },
        { value: 'away', label: t('console.status.away') },
      ]}
      onChange={(next) => void change(next)}
    />
  );
}
