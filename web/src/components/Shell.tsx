import type { ReactNode } from 'react';
import { Button, Layout, Menu, Space, Typography } from 'antd';
import { useLocation, useNavigate } from 'react-router-dom';
import { api, hasRole, session } from '../api.ts';
import { useI18n } from '../i18n.tsx';

export default function Shell({ children }: { children: ReactNode }) {
  const { t, lang, setLang } = useI18n();
  const nav = useNavigate();
  const loc = useLocation();
  const user = session.user();
  const items = [
    { key: '/', label: t('nav.home') },
    { key: '/matters', label: t('nav.matters') },
    { key: '/search', label: t('nav.search') },
    ...(hasRole(user, 'registrar', 'handler') ? [{ key: '/register', label: t('nav.register') }] : []),
    ...(hasRole(user, 'supervisor', 'leader', 'handler', 'admin', 'auditor') ? [{ key: '/dashboard', label: t('nav.dashboard') }] : []),
    ...(hasRole(user, 'lawyer', 'registrar', 'handler', 'leader', 'supervisor', 'evaluator') ? [{ key: '/resolution', label: t('nav.resolution') }] : []),
    ...(hasRole(user, 'supervisor', 'leader', 'handler') ? [{ key: '/supervision', label: t('nav.supervision') }] : []),
    ...(hasRole(user, 'admin', 'supervisor', 'leader') ? [{ key: '/articles', label: t('nav.articles') }] : []),
    ...(hasRole(user, 'admin') ? [{ key: '/admin', label: t('nav.admin') }] : []),
  ];
  const selected = items.map((i) => i.key).filter((k) => k === '/' ? loc.pathname === '/' : loc.pathname.startsWith(k));
  const logout = async () => { await api('/auth/logout', { method: 'POST' }).catch(() => undefined); session.clear(); void nav('/login'); };
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 24 }}>
        <Typography.Text strong style={{ color: '#fff', fontSize: 18, whiteSpace: 'nowrap' }}>{t('appName')}</Typography.Text>
        <Menu theme="dark" mode="horizontal" selectedKeys={selected} items={items} onClick={(e) => void nav(e.key)} style={{ flex: 1, minWidth: 0 }} />
        <Space>
          <Typography.Text style={{ color: '#fff' }} data-testid="current-user">{user?.name}</Typography.Text>
          <Button size="small" onClick={() => setLang(lang === 'en' ? 'zh-CN' : 'en')}>{t('langSwitch')}</Button>
          <Button size="small" onClick={() => void logout()}>{t('nav.logout')}</Button>
        </Space>
      </Layout.Header>
      <Layout.Content style={{ padding: 24 }}>{children}</Layout.Content>
    </Layout>
  );
}
