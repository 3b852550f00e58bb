import { useEffect, useState } from 'react';
import App from 'antd/es/app';
import Button from 'antd/es/button';
import Checkbox from 'antd/es/checkbox';
import Form from 'antd/es/form';
import Radio from 'antd/es/radio';
import Space from 'antd/es/space';
import Typography from 'antd/es/typography';
import { useTranslation } from 'react-i18next';
import { MAX_IDLE_DAYS_CHOICES, type SecurityPreferences } from '@ram-console/contracts';
import { ApiErrorAlert } from '../../../components/api-error-alert';
import { useRequestTicket } from '../../../lib/verification';
import { useSaveSecurityPreferences, useSecurityPreferences } from '../api/security-preferences';

/**
 * The account's AccessKey security preferences (RAM's, not the console's): whether RAM users may
 * manage their own AccessKeys, and after how many idle days RAM disables an unused key. Saving is
 * a verified action.
 */
export function SecurityPreferencesForm() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const requestTicket = useRequestTicket();
  const prefs = useSecurityPreferences();
  const save = useSaveSecurityPreferences();
  const [draft, setDraft] = useState<SecurityPreferences | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (prefs.data) setDraft(prefs.data);
  }, [prefs.data]);

  if (!draft) {
    return (
      <>
        <ApiErrorAlert
          error={prefs.error}
          onRetry={() => void prefs.refetch()}
          retrying={prefs.isFetching}
        />
        {prefs.isPending ? <Typography.Text>{t('common.loading')}</Typography.Text> : null}
      </>
    );
  }

  const changed =
    !!prefs.data &&
    (prefs.data.allowUserToManageAccessKeys !== draft.allowUserToManageAccessKeys ||
      prefs.data.maxIdleDaysForAccessKeys !== draft.maxIdleDaysForAccessKeys);

  const submit = async () => {
    setError(null);
    const ticket = await requestTicket({ action: 'SetSecurityPreferences' });
    if (ticket === null) return;
    try {
      await save.mutateAsync({ body: draft, ticket: ticket || undefined });
      void message.success(t('securityPreferences.saved'));
    } catch (e) {
      setError(e);
    }
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%', maxWidth: 640 }}>
      <ApiErrorAlert error={error} onDismiss={() => setError(null)} />
      <Form layout="vertical" requiredMark={false} onFinish={() => void submit()}>
        <Form.Item extra={t('securityPreferences.allowManageHelp')}>
          <Checkbox
            checked={draft.allowUserToManageAccessKeys}
            onChange={(e) => setDraft({ ...draft, allowUserToManageAccessKeys: e.target.checked })}
          >
            {t('securityPreferences.allowManage')}
          </Checkbox>
        </Form.Item>
        <Form.Item
          label={<span id="max-idle-days">{t('securityPreferences.maxIdleDays')}</span>}
          extra={t('securityPreferences.maxIdleDaysHelp')}
        >
          {/* Four fixed choices: radios show them all and need no opening. */}
          <Radio.Group
            aria-labelledby="max-idle-days"
            value={draft.maxIdleDaysForAccessKeys}
            onChange={(e) =>
              setDraft({ ...draft, maxIdleDaysForAccessKeys: e.target.value as number })
            }
            options={MAX_IDLE_DAYS_CHOICES.map((d) => ({
              value: d,
              label: t('securityPreferences.days', { count: d }),
            }))}
          />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" disabled={!changed} loading={save.isPending}>
            {t('securityPreferences.save')}
          </Button>
          <Button
            disabled={!changed || save.isPending}
            onClick={() => setDraft(prefs.data ?? draft)}
          >
            {t('securityPreferences.reset')}
          </Button>
        </Space>
      </Form>
    </Space>
  );
}
