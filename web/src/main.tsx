import { lazy, Suspense, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import { App as AntApp, ConfigProvider, Spin } from 'antd';
import zhCNAntd from 'antd/locale/zh_CN';
import enAntd from 'antd/locale/en_US';
import { I18nProvider, useI18n } from './i18n.tsx';
import { session } from './api.ts';
import Login from './pages/Login.tsx';
import Shell from './components/Shell.tsx';

// every page but the login is its own chunk, loaded when first opened
const Home = lazy(() => import('./pages/Home.tsx'));
const Matters = lazy(() => import('./pages/Matters.tsx'));
const MatterPage = lazy(() => import('./pages/MatterPage.tsx'));
const Register = lazy(() => import('./pages/Register.tsx'));
const Dashboard = lazy(() => import('./pages/Dashboard.tsx'));
const Admin = lazy(() => import('./pages/Admin.tsx'));
const Resolution = lazy(() => import('./pages/resolution/Resolution.tsx'));
const Supervision = lazy(() => import('./pages/Supervision.tsx'));
const Articles = lazy(() => import('./pages/Articles.tsx'));
const Search = lazy(() => import('./pages/Search.tsx'));

function RequireLogin({ children }: { children: ReactNode }) {
  return session.token() ? children : <Navigate to="/login" replace />;
}

function Root() {
  const { lang } = useI18n();
  const page = (el: ReactNode) => <RequireLogin><Shell><Suspense fallback={<Spin style={{ margin: 48 }} />}>{el}</Suspense></Shell></RequireLogin>;
  return (
    <ConfigProvider locale={lang === 'en' ? enAntd : zhCNAntd} theme={{ token: { colorPrimary: '#b22222' } }}>
      <AntApp>
        <BrowserRouter basename="/admin">
          <Routes>
            <Route path="/login" element={<Login />} />
            <Route path="/" element={page(<Home />)} />
            <Route path="/matters" element={page(<Matters />)} />
            <Route path="/matters/:id" element={page(<MatterPage />)} />
            <Route path="/register" element={page(<Register />)} />
            <Route path="/dashboard" element={page(<Dashboard />)} />
            <Route path="/admin" element={page(<Admin />)} />
            <Route path="/resolution/:tab?" element={page(<Resolution />)} />
            <Route path="/supervision" element={page(<Supervision />)} />
            <Route path="/articles" element={page(<Articles />)} />
            <Route path="/search" element={page(<Search />)} />
            <Route path="*" element={<Navigate to="/" replace />} />
          </Routes>
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  );
}

createRoot(document.getElementById('root')!).render(<I18nProvider><Root /></I18nProvider>);
