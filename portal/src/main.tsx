/**
 * The citizen portal (issue 4): one small eager chunk (this shell and the home page), every other page its own
 * chunk loaded on first visit. Large-text mode (适老化) and the language are remembered in localStorage and applied
 * before the first render, so nothing jumps.
 */
import { StrictMode, Suspense, lazy, startTransition, useEffect, useRef, useState, type ComponentType } from 'react';
import { createRoot } from 'react-dom/client';
import './styles.css';
import { I18nProvider, storedLang, useI18n } from './i18n.tsx';
import { Link, useLocation } from './router.tsx';
import Home from './pages/Home.tsx';

const LARGE_KEY = 'fq.portal.large';
function storedLarge(): boolean { try { return localStorage.getItem(LARGE_KEY) === '1'; } catch { return false; } }
document.documentElement.classList.toggle('large', storedLarge());
document.documentElement.lang = storedLang();

const Petition = lazy(() => import('./pages/Petition.tsx'));
const Submitted = lazy(() => import('./pages/Submitted.tsx'));
const ProgressPage = lazy(() => import('./pages/Progress.tsx'));
const Appointments = lazy(() => import('./pages/Appointments.tsx'));
const Articles = lazy(() => import('./pages/Articles.tsx'));
const ArticlePage = lazy(() => import('./pages/Article.tsx'));
const NotFound = lazy(() => import('./pages/NotFound.tsx'));

function route(path: string): { Page: ComponentType<{ id?: string }>; id?: string } {
  const p = path.replace(/\/+$/, '') || '/';
  if (p === '/') return { Page: Home };
  if (p === '/petition') return { Page: Petition };
  if (p === '/petition/done') return { Page: Submitted };
  if (p === '/progress') return { Page: ProgressPage };
  if (p === '/appointments') return { Page: Appointments };
  if (p === '/articles') return { Page: Articles };
  const m = /^\/articles\/(\d+)$/.exec(p);
  if (m) return { Page: ArticlePage, id: m[1] };
  return { Page: NotFound };
}

function Shell() {
  const { t, lang, setLang } = useI18n();
  const { path } = useLocation();
  const [large, setLarge] = useState(storedLarge);
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  const { Page, id } = route(path);

  useEffect(() => {
    document.documentElement.classList.toggle('large', large);
    try { localStorage.setItem(LARGE_KEY, large ? '1' : '0'); } catch { /* private mode */ }
  }, [large]);
  // after a client-side navigation, focus the new page's main region so screen readers start there
  useEffect(() => {
    if (first.current) { first.current = false; return; }
    main.current?.focus();
  }, [path]);

  return (
    <>
      <a className="skip" href="#main">{t('nav.skip')}</a>
      <header className="top">
        <div className="wrap top-inner">
          <Link to="/" className="brand">{t('app.name')}</Link>
          <div className="prefs">
            <button type="button" className="pref" aria-pressed={large} onClick={() => setLarge(!large)} data-testid="large-text">
              {t('pref.large')}
            </button>
            <button type="button" className="pref" lang={lang === 'en' ? 'zh-CN' : 'en'} onClick={() => setLang(lang === 'en' ? 'zh-CN' : 'en')} data-testid="lang">
              {lang === 'en' ? '中文' : 'English'}
            </button>
          </div>
        </div>
      </header>
      <main id="main" ref={main} tabIndex={-1} className="wrap">
        <Suspense fallback={<p className="loading" role="status">{t('common.loading')}</p>}>
          <Page id={id} />
        </Suspense>
      </main>
      <footer className="foot">
        <div className="wrap">
          <p>{t('app.footer')}</p>
        </div>
      </footer>
    </>
  );
}

// A transition render yields to the browser every few milliseconds, so a slow phone never sees one long task
// while the first page is built (Total Blocking Time; the page is blank until then either way).
startTransition(() => {
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <I18nProvider><Shell /></I18nProvider>
    </StrictMode>,
  );
});
