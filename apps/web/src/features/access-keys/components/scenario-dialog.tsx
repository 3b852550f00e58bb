import { useState } from 'react';
import Alert from 'antd/es/alert';
import Button from 'antd/es/button';
import Checkbox from 'antd/es/checkbox';
import Input from 'antd/es/input';
import Modal from 'antd/es/modal';
import Radio from 'antd/es/radio';
import Space from 'antd/es/space';
import Typography from 'antd/es/typography';
import { useTranslation } from 'react-i18next';

const SCENARIOS = ['local', 'onCloud', 'offCloud', 'thirdParty', 'other'] as const;

/**
 * Before a RAM user's AccessKey: choose a use case and confirm a long-term key is really needed.
 * The choice does not change the key (as in Alibaba's console); it makes the operator stop and
 * consider the alternatives shown.
 */
export function ScenarioDialog({
  open,
  onContinue,
  onCancel,
}: {
  open: boolean;
  /** With the optional description the operator typed (kept by the console, not RAM). */
  onContinue: (description: string) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [scenario, setScenario] = useState<string | null>(null);
  const [confirmed, setConfirmed] = useState(false);
  const [description, setDescription] = useState('');
  const reset = () => {
    setScenario(null);
    setConfirmed(false);
    setDescription('');
  };
  return (
    <Modal
      open={open}
      title={t('scenario.title')}
      onCancel={() => {
        reset();
        onCancel();
      }}
      destroyOnHidden
      width={600}
      footer={[
        <Button
          key="cancel"
          onClick={() => {
            reset();
            onCancel();
          }}
        >
          {t('common.cancel')}
        </Button>,
        <Button
          key="continue"
          type="primary"
          disabled={!scenario || !confirmed}
          onClick={() => {
            const typed = description.trim();
            reset();
            onContinue(typed);
          }}
        >
          {t('scenario.continue')}
        </Button>,
      ]}
    >
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Alert type="info" showIcon role="note" title={t('scenario.alternatives')} />
        <Typography.Text strong id="scenario-label">
          {t('scenario.choose')}
        </Typography.Text>
        <Radio.Group
          aria-labelledby="scenario-label"
          value={scenario}
          onChange={(e) => setScenario(e.target.value as string)}
        >
          <Space orientation="vertical">
            {SCENARIOS.map((s) => (
              <Radio key={s} value={s}>
                {t(`scenario.options.${s}`)}
              </Radio>
            ))}
          </Space>
        </Radio.Group>
        <label htmlFor="scenario-description">
          <Typography.Text strong>{t('hygiene.descriptionOptional')}</Typography.Text>
        </label>
        <Input
          id="scenario-description"
          maxLength={200}
          value={description}
          aria-describedby="scenario-description-help"
          onChange={(e) => setDescription(e.target.value)}
        />
        <Typography.Text type="secondary" id="scenario-description-help" style={{ marginTop: -8 }}>
          {t('hygiene.descriptionHelp')}
        </Typography.Text>
        <Checkbox checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)}>
          {t('scenario.confirm')}
        </Checkbox>
      </Space>
    </Modal>
  );
}
