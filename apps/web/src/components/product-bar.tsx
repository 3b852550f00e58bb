import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { BRAND_ORANGE } from '../app/theme';

/**
 * The product header of the pages outside the console's shell (sign-in, the forced password
 * change): the same dark bar, mark and name the shell's header carries.
 */
export function ProductBar() {
  const { t } = useTranslation();
  return (
    <header
      style={{
        height: 56,
        background: '#20252b',
        display: 'flex',
        alignItems: 'center',
        gap: 16,
        paddingInline: 16,
        flex: 'none',
      }}
    >
      <span aria-hidden style={{ color: BRAND_ORANGE, fontWeight: 800, fontSize: 20 }}>
        [-]
      </span>
      <span style={{ color: '#fff', fontWeight: 600, fontSize: 16 }}>{t('shell.product')}</span>
    </header>
  );
}

/** A page outside the console's shell: the product header above one centred card. */
export function StandalonePage({ children }: { children: ReactNode }) {
  return (
    <div style={{ minHeight: '100vh', display: 'flex', flexDirection: 'column' }}>
      <ProductBar />
      <main
        style={{
          flex: 1,
          display: 'grid',
          placeItems: 'center',
          background: '#f5f6f7',
          padding: 16,
        }}
      >
        {children}
      </main>
    </div>
  );
}
