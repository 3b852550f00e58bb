import { useEffect, useState } from 'react';
import Button from 'antd/es/button';
import CheckOutlined from '@ant-design/icons/es/icons/CheckOutlined';
import CopyOutlined from '@ant-design/icons/es/icons/CopyOutlined';
import { useTranslation } from 'react-i18next';

/**
 * Copies `text` and says so on the button itself ("Copied" for two seconds), not in a toast that
 * could cover a dialog. A refused clipboard says so beside it.
 */
export function CopyButton({
  text,
  label,
  ariaLabel,
  size,
}: {
  text: string;
  /** Visible label (default "Copy"). */
  label?: string;
  /** What is copied, for a screen reader ("Copy AccessKey ID"). */
  ariaLabel?: string;
  size?: 'small' | 'middle';
}) {
  const { t } = useTranslation();
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state !== 'copied') return;
    const id = setTimeout(() => setState('idle'), 2_000);
    return () => clearTimeout(id);
  }, [state]);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
  };
  return (
    <span style={{ display: 'inline-flex', alignItems: 'center', gap: 8 }}>
      <Button
        size={size}
        aria-label={ariaLabel}
        icon={state === 'copied' ? <CheckOutlined aria-hidden /> : <CopyOutlined aria-hidden />}
        onClick={() => void copy()}
      >
        {state === 'copied' ? t('copy.copied') : (label ?? t('copy.copy'))}
      </Button>
      <span role="status" style={{ color: '#c41d3a' }}>
        {state === 'failed' ? t('copy.failed') : ''}
      </span>
    </span>
  );
}
