import { Suspense, useState } from 'react';
import Avatar from 'antd/es/avatar';
import Button from 'antd/es/button';
import Dropdown from 'antd/es/dropdown';
import Layout from 'antd/es/layout';
import Menu from 'antd/es/menu';
import Space from 'antd/es/space';
import Typography from 'antd/es/typography';
import type { MenuProps } from 'antd/es/menu';
import CheckOutlined from '@ant-design/icons/es/icons/CheckOutlined';
import MailOutlined from '@ant-design/icons/es/icons/MailOutlined';
import UserOutlined from '@ant-design/icons/es/icons/UserOutlined';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { paths } from '../config/paths';
import { SecurityTipsDialog } from '../features/access-keys/components/security-tips-dialog';
import { useSignOut } from '../features/auth/api/sign-out';
import { DemoInboxDrawer } from '../features/demo-inbox/components/demo-inbox-drawer';
import { ExpiredKeysBanner } from '../features/key-expiry/components/expired-keys-banner';
import { VerificationProvider } from '../features/verification/components/verification-provider';
import { setLanguage, type Language } from '../lib/i18n';
import { FullPageSpinner, homeFor } from './guards';
import { useSession } from './session';

const { Header, Sider, Content } = Layout;

/** The console shell: top bar (account, demo inbox, avatar menu), left navigation, the page. */
export function ConsoleLayout() {
  const { t, i18n } = useTranslation();
  const me = useSession();
  const { operator } = me;
  const isAdmin = operator.role === 'admin';
  const navigate = useNavigate();
  const location = useLocation();
  const signOut = useSignOut();
  const [tipsOpen, setTipsOpen] = useState(false);
  const [inboxOpen, setInboxOpen] = useState(false);
  const emulator = me.mode === 'emulator';

  // Members have no account keys: "AccessKey" takes them straight to their own RAM user's keys.
  const openAccessKey = () => {
    if (isAdmin) setTipsOpen(true);
    else navigate(homeFor(operator));
  };

  const avatarMenu: MenuProps = {
    'aria-label': t('shell.accountMenu'),
    selectable: false,
    items: [
      { key: 'access-key', label: t('shell.accessKey') },
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
      // focuses first ("Get Started with Sub Users' AccessKey") and close it again.
      domEvent.preventDefault();
      if (key === 'access-key') openAccessKey();
      else if (key === 'my-account') navigate(paths.myAccount);
      else if (key.startsWith('lang:')) setLanguage(key.slice(5) as Language);
      else if (key === 'sign-out') {
        signOut.mutate(undefined, { onSettled: () => navigate(paths.signIn, { replace: true }) });
      }
    },
  };

  const usersKey = isAdmin ? paths.users : homeFor(operator);
  const navItems: MenuProps['items'] = [
    {
      key: 'identities',
      type: 'group',
      label: t('nav.identities'),
      children: [{ key: usersKey, label: t('nav.users') }],
    },
    ...(isAdmin
      ? [
          { key: paths.accountAccessKeys, label: t('nav.accessKey') },
          { key: paths.recycleBin, label: t('nav.recycleBin') },
          { key: paths.securitySettings, label: t('nav.securitySettings') },
          { key: paths.credentialReport, label: t('nav.credentialReport') },
          { key: paths.audit, label: t('nav.audit') },
          { key: paths.operators, label: t('nav.operators') },
        ]
      : []),
  ];
  const selected = location.pathname.startsWith('/users')
    ? usersKey
    : (navItems.map((i) => i?.key as string).find((k) => location.pathname.startsWith(k)) ?? '');

  return (
    <VerificationProvider
      maskedPhone={operator.maskedPhone}
      stepUpUntil={me.stepUpUntil}
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
            background: '#fff',
            borderBottom: '1px solid #e8e8e8',
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'space-between',
            paddingInline: 24,
          }}
        >
          <Space size="large">
            <Typography.Text strong style={{ fontSize: 16 }}>
              {t('shell.product')}
            </Typography.Text>
            <Typography.Text type="secondary">
              {t('shell.account', { alias: me.accountAlias, id: me.accountId })}
            </Typography.Text>
          </Space>
          <Space size="middle">
            {emulator ? (
              <Button icon={<MailOutlined aria-hidden />} onClick={() => setInboxOpen(true)}>
                {t('demoInbox.title')}
              </Button>
            ) : null}
            <Dropdown menu={avatarMenu} trigger={['click']} placement="bottomRight" autoFocus>
              <Button type="text" aria-label={operator.username}>
                <Avatar size="small" icon={<UserOutlined aria-hidden />} aria-hidden />
                <span>{operator.username}</span>
              </Button>
            </Dropdown>
          </Space>
        </Header>
        <Layout>
          <Sider width={220} theme="light" style={{ borderRight: '1px solid #e8e8e8' }}>
            <nav aria-label={t('nav.label')}>
              <Menu
                mode="inline"
                selectedKeys={[selected]}
                items={navItems}
                onClick={({ key }) => {
                  if (key === paths.accountAccessKeys) openAccessKey();
                  else navigate(key);
                }}
                style={{ borderInlineEnd: 'none' }}
              />
            </nav>
          </Sider>
          <Content style={{ padding: 24, background: '#f5f5f5' }}>
            <div style={{ background: '#fff', padding: 24, minHeight: 360 }}>
              {operator.ramUserName ? <ExpiredKeysBanner rotationPath={paths.rotation} /> : null}
              <Suspense fallback={<FullPageSpinner />}>
                <Outlet />
              </Suspense>
            </div>
          </Content>
        </Layout>
      </Layout>
      <SecurityTipsDialog
        open={tipsOpen}
        canManageAccountKeys={isAdmin}
        onCancel={() => setTipsOpen(false)}
        onContinue={() => {
          setTipsOpen(false);
          navigate(paths.accountAccessKeys);
        }}
        onSubUsers={() => {
          setTipsOpen(false);
          navigate(paths.users);
        }}
      />
      {emulator ? <DemoInboxDrawer open={inboxOpen} onClose={() => setInboxOpen(false)} /> : null}
    </VerificationProvider>
  );
}
