import { Suspense, useRef, useState } from 'react';
import Avatar from 'antd/es/avatar';
import Button from 'antd/es/button';
import Dropdown from 'antd/es/dropdown';
import Layout from 'antd/es/layout';
import Menu from 'antd/es/menu';
import type { MenuProps } from 'antd/es/menu';
import CheckOutlined from '@ant-design/icons/es/icons/CheckOutlined';
import MailOutlined from '@ant-design/icons/es/icons/MailOutlined';
import UserOutlined from '@ant-design/icons/es/icons/UserOutlined';
import { Outlet, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { paths } from '../config/paths';
import { AccountKeyEntryDialog } from '../features/access-keys/components/account-key-entry-dialog';
import { useSignOut } from '../features/auth/api/sign-out';
import { DemoInboxDrawer } from '../features/demo-inbox/components/demo-inbox-drawer';
import { ExpiredKeysBanner } from '../features/key-expiry/components/expired-keys-banner';
import { VerificationProvider } from '../features/verification/components/verification-provider';
import { ConsoleFlowContext, useConsoleFlow } from '../lib/console-flow';
import { setLanguage, type Language } from '../lib/i18n';
import { FullPageSpinner, homeFor } from './guards';
import { useCurrentPage } from './page-header';
import { canOpen, consolePages, NAV_GROUPS } from './route-table';
import { useSession } from './session';
import { BRAND_ORANGE } from './theme';

const { Header, Sider, Content } = Layout;

/** The console shell: product header (account, demo inbox, avatar menu), grouped navigation, page. */
export function ConsoleLayout() {
  const me = useSession();
  return (
    <ConsoleFlowContext.Provider value={me.flow}>
      <Shell />
    </ConsoleFlowContext.Provider>
  );
}

function Shell() {
  const { t, i18n } = useTranslation();
  const { tf } = useConsoleFlow();
  const me = useSession();
  const { operator } = me;
  const isAdmin = operator.role === 'admin';
  const navigate = useNavigate();
  const params = useParams();
  const current = useCurrentPage();
  const signOut = useSignOut();
  const [entryOpen, setEntryOpen] = useState(false);
  const [inboxOpen, setInboxOpen] = useState(false);
  const emulator = me.mode === 'emulator';
  const ctx = { t, tf, params, operator };

  // Members have no account keys: "AccessKey" takes them straight to their own RAM user's keys.
  const openAccessKey = () => {
    if (isAdmin) setEntryOpen(true);
    else navigate(homeFor(operator));
  };

  // "Rest the pointer over the image in the upper-right corner" (seed 000): the menu opens on
  // hover as well as on click and Enter. A click right after the hover opened it must not close it
  // again, so a close is ignored while the pointer is on the avatar; leaving, Escape, a click
  // elsewhere or a choice close it.
  const [menuOpen, setMenuOpen] = useState(false);
  const pointerOnAvatar = useRef(false);
  const avatarMenu: MenuProps = {
    'aria-label': t('shell.accountMenu'),
    selectable: false,
    items: [
      { key: 'access-key', label: tf('menuItem') },
      { key: 'my-account', label: t('myAccount.menu') },
      { type: 'divider' },
      {
        key: 'language',
        type: 'group',
        label: t('shell.language'),
        children: (['en', 'zh-CN'] as const).map((lng) => ({
          key: `lang:${lng}`,
          label: t(`shell.languages.${lng}`),
          icon: i18n.language === lng ? <CheckOutlined aria-hidden /> : <span aria-hidden />,
        })),
      },
      { type: 'divider' },
      { key: 'sign-out', label: t('shell.signOut') },
    ],
    onClick: ({ key, domEvent }) => {
      // Chosen with Enter, the key's default action would land on whatever the opened dialog
      // focuses first and close it again.
      domEvent.preventDefault();
      setMenuOpen(false);
      if (key === 'access-key') openAccessKey();
      else if (key === 'my-account') navigate(paths.myAccount);
      else if (key.startsWith('lang:')) setLanguage(key.slice(5) as Language);
      else if (key === 'sign-out') {
        signOut.mutate(undefined, { onSettled: () => navigate(paths.signIn, { replace: true }) });
      }
    },
  };

  const myKeys = homeFor(operator);
  const navItems: MenuProps['items'] = isAdmin
    ? NAV_GROUPS.map((group) => ({
        key: group,
        type: 'group' as const,
        label: t(`nav.groups.${group}`),
        children: consolePages
          .filter((p) => p.nav?.group === group && canOpen(p, operator))
          .map((p) => ({ key: p.path, label: (p.nav?.label ?? p.title)(ctx) })),
      })).filter((g) => g.children.length > 0)
    : [{ key: myKeys, label: t('nav.myAccessKeys') }];
  // The selected item: the current page's navigation ancestor (a user's page selects Users).
  let selected = '';
  if (!isAdmin) selected = myKeys;
  else {
    for (let p = current; p; p = consolePages.find((x) => x.path === p?.parent)) {
      if (p.nav) {
        selected = p.path;
        break;
      }
    }
  }

  return (
    <VerificationProvider
      maskedPhone={operator.maskedPhone}
      phoneMissing={operator.phoneMissing}
      stepUpUntil={me.stepUpUntil}
      confirmLabel={tf('verificationConfirm')}
      extra={
        emulator ? (
          <Button icon={<MailOutlined aria-hidden />} onClick={() => setInboxOpen(true)}>
            {t('demoInbox.open')}
          </Button>
        ) : null
      }
    >
      <Layout style={{ minHeight: '100vh' }}>
        <Header
          style={{
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'space-between',
            paddingInline: 16,
            gap: 16,
          }}
        >
          <div style={{ display: 'flex', alignItems: 'center', gap: 16, minWidth: 0 }}>
            <span
              aria-hidden
              style={{ color: BRAND_ORANGE, fontWeight: 800, fontSize: 20, letterSpacing: -1 }}
            >
              [-]
            </span>
            <span style={{ color: '#fff', fontWeight: 600, fontSize: 16, whiteSpace: 'nowrap' }}>
              {t('shell.product')}
            </span>
            <span
              style={{
                color: 'rgba(255,255,255,0.78)',
                whiteSpace: 'nowrap',
                overflow: 'hidden',
                textOverflow: 'ellipsis',
              }}
            >
              {t('shell.account', { alias: me.accountAlias, id: me.accountId })}
            </span>
          </div>
          <div style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
            {emulator ? (
              <Button
                type="text"
                style={{ color: '#fff' }}
                icon={<MailOutlined aria-hidden />}
                onClick={() => setInboxOpen(true)}
              >
                {t('demoInbox.title')}
              </Button>
            ) : null}
            <Dropdown
              menu={avatarMenu}
              trigger={['hover', 'click']}
              open={menuOpen}
              onOpenChange={(next) => {
                if (next || !pointerOnAvatar.current) setMenuOpen(next);
              }}
              placement="bottomRight"
              autoFocus
            >
              <Button
                type="text"
                aria-label={operator.username}
                style={{ color: '#fff' }}
                onMouseEnter={() => {
                  pointerOnAvatar.current = true;
                }}
                onMouseLeave={() => {
                  pointerOnAvatar.current = false;
                }}
                onKeyDown={(e) => {
                  if (e.key === 'Escape') setMenuOpen(false);
                }}
              >
                <Avatar
                  size="small"
                  icon={<UserOutlined aria-hidden />}
                  aria-hidden
                  style={{ background: '#3a424c' }}
                />
                <span>{operator.username}</span>
              </Button>
            </Dropdown>
          </div>
        </Header>
        <Layout>
          <Sider width={216} theme="light" style={{ borderRight: '1px solid #e8e8e8' }}>
            <nav aria-label={t('nav.label')}>
              <Menu
                mode="inline"
                selectedKeys={[selected]}
                items={navItems}
                onClick={({ key }) => {
                  if (key === paths.accountAccessKeys) openAccessKey();
                  else navigate(key);
                }}
                style={{ borderInlineEnd: 'none', paddingTop: 8 }}
              />
            </nav>
          </Sider>
          <Content style={{ padding: 16, background: '#f5f6f7' }}>
            <div style={{ background: '#fff', padding: 20, minHeight: 360 }}>
              {operator.ramUserName ? <ExpiredKeysBanner rotationPath={paths.rotation} /> : null}
              <Suspense fallback={<FullPageSpinner />}>
                <Outlet />
              </Suspense>
            </div>
          </Content>
        </Layout>
      </Layout>
      <AccountKeyEntryDialog
        open={entryOpen}
        canManageAccountKeys={isAdmin}
        onCancel={() => setEntryOpen(false)}
        onMainAccount={() => {
          setEntryOpen(false);
          navigate(paths.accountAccessKeys);
        }}
        onRamUsers={() => {
          setEntryOpen(false);
          navigate(paths.users);
        }}
      />
      {emulator ? <DemoInboxDrawer open={inboxOpen} onClose={() => setInboxOpen(false)} /> : null}
    </VerificationProvider>
  );
}
