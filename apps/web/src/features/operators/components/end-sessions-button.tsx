import App from 'antd/es/app';
import Button from 'antd/es/button';
import { useTranslation } from 'react-i18next';
import type { Operator } from '@ram-console/contracts';
import { describeError } from '../../../lib/errors';
import { useEndOperatorSessions } from '../api/end-operator-sessions';

/**
 * "End sessions" in an operator's row: signs the operator out everywhere (a lost laptop, someone
 * leaving). Asks first; needs no phone verification, like disabling a key. For the admin's own row
 * it ends their other sessions. Shown only when there is a session to end.
 */
export function EndSessionsButton({ operator, self }: { operator: Operator; self: boolean }) {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const end = useEndOperatorSessions();
  const live = operator.activeSessions ?? 0;
  if (live <= (self ? 1 : 0)) return null;
  const { username } = operator;

  const ask = () =>
    modal.confirm({
      title: t('operatorSessions.title', { username }),
      content: self
        ? t('operatorSessions.bodySelf')
        : t('operatorSessions.body', { username, count: live }),
      okText: t('operatorSessions.end'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          const { ended } = await end.mutateAsync(username);
          void message.success(t('operatorSessions.ended', { username, count: ended }));
        } catch (error) {
          void message.error(describeError(t, error).message);
        }
      },
    });

  return (
    <Button
      type="link"
      size="small"
      aria-label={t('operatorSessions.named', { username })}
      onClick={ask}
    >
      {t('operatorSessions.end')}
    </Button>
  );
}
