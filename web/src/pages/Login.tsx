import { useEffect, useState } from 'react';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useNavigate } from 'react-router-dom';
import { api, session, type User } from '../api.ts';
import { useI18n } from '../i18n.tsx';

export default function Login() {
  const { t, lang, setLang } = useI18n();
  const nav = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // fetch the home page's chunk while the user types, so the first page after login renders at once
  useEffect(() => { void import('./Home.tsx'); }, []);
  const submit = async (v: { username: string; password: string }) => {
    setBusy(true); setError(null);
    try {
      const r = await api<{ token: string; user: User }>('/auth/login', { method: 'POST', body: v });
      session.set(r.token, r.user);
      void nav('/', { replace: true });
    } catch (e) {
      setError(e instanceof Error ? e.message : t('login.failed'));
    } finally { setBusy(false); }
  };
  return (
    <div style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: '#f5f5f5' }}>
      <Card title={t('appName')} style={{ width: 380 }} extra={<Button size="small" onClick={() => setLang(lang === 'en' ? 'zh-CN' : 'en')}>{t('langSwitch')}</Button>}>
        <Typography.Title level={4}>{t('login.title')}</Typography.Title>
        {error && <Alert type="error" message={error} style={{ marginBottom: 16 }} />}
        <Form layout="vertical" onFinish={(v: { username: string; password: string }) => void submit(v)}>
          <Form.Item name="username" label={t('login.username')} rules={[{ required: true, message: t('form.required') }]}><Input autoFocus autoComplete="username" /></Form.Item>
          <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('form.required') }]}><Input.Password autoComplete="current-password" /></Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>{t('login.submit')}</Button>
        </Form>
        <Typography.Paragraph type="secondary" style={{ marginTop: 16 }}>{t('login.demo')}</Typography.Paragraph>
      </Card>
    </div>
  );
}
