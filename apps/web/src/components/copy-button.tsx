import { useEffect, useState } from 'react';
import Button from 'antd/es/button';
import CheckOutlined from '@ant-design/icons/es/icons/CheckOutlined';
import CopyOutlined from '@ant-design/icons/es/icons/CopyOutlined';
import { useTranslation } from 'react-i18next';

/**
 * Copies `text` and says so on the button itself, not in a toast that could cover a dialog.
 * "Copied" stays for at least two seconds and for as long as the pointer rests on the button or
 * it keeps the focus: a keyboard or screen-reader user who pressed it still reads "Copied" on it,
 * and nobody sees it flip back under their cursor. A refused clipboard says so beside it.
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
  const [held, setHeld] = useState(false);
  const [minimumShown, setMinimumShown] = useState(false);
  const [copies, setCopies] = useState(0);
  useEffect(() => {
    if (copies === 0) return;
    setMinimumShown(false);
    const id = setTimeout(() => setMinimumShown(true), 2_000);
    return () => clearTimeout(id);
  }, [copies]);
  useEffect(() => {
    if (state === 'copied' && minimumShown && !held) setState('idle');
  }, [state, minimumShown, held]);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
      setCopies((n) => n + 1);
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
        onMouseEnter={() => setHeld(true)}
        onMouseLeave={() => setHeld(false)}
        onFocus={() => setHeld(true)}
        onBlur={() => setHeld(false)}
      >
        {state === 'copied' ? t('copy.copied') : (label ?? t('copy.copy'))}
      </Button>
      <span role="status" style={{ color: '#c41d3a' }}>
        {state === 'failed' ? t('copy.failed') : ''}
      </span>
    </span>
  );
}
