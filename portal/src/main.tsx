/**
 * The citizen portal (issue 4): one small eager chunk (this shell and the home page), every other page its own
 * chunk loaded on first visit. Large-text mode (适老化) and the language are remembered in localStorage and applied
 * before the first render, so nothing jumps.
 */
import { StrictMode, Suspense, lazy, startTransition, useEffect, useRef, useState, type ComponentType } from 'react';
import { createRoot } from 'react-dom/client';
import './styles.css';
import { I18nProvider, storedLang, useI18n } from './i18n.tsx';
import { Link, setPrefetch, useLocation } from './router.tsx';
import Home from './pages/Home.tsx';
import { PAGE_OF_PATH, routeKey } from './routes.ts';

const LARGE_KEY = 'fq.portal.large';
function storedLarge(): boolean { try { return localStorage.getItem(LARGE_KEY) === '1'; } catch { return false; } }
document.documentElement.classList.toggle('large', storedLarge());
document.documentElement.lang = storedLang();

// every page but Home is its own chunk, loaded on first visit (Home is in the app's chunk: it is the first page)
const modules = import.meta.glob<{ default: ComponentType<{ id?: string }> }>(['./pages/*.tsx', '!./pages/Home.tsx']);
const lazyPages = new Map<string, ComponentType<{ id?: string }>>();
function page(name: string): ComponentType<{ id?: string }> {
  if (name === 'Home') return Home;
  let p = lazyPages.get(name);
  if (!p) {
    const load = modules[`./pages/${name}.tsx`] ?? modules['./pages/NotFound.tsx']!;
    p = lazy(load);
    lazyPages.set(name, p);
  }
  return p;
}

const warmed = new Set<string>();
setPrefetch((path) => {
  const name = PAGE_OF_PATH[routeKey(path)];
  const load = name && modules[`./pages/${name}.tsx`];
  if (load && !warmed.has(name)) { warmed.add(name); load().catch(() => warmed.delete(name)); }
});

function route(path: string): { Page: ComponentType<{ id?: string }>; id?: string } {
  const key = routeKey(path);
  const id = key.endsWith('/:id') ? /(\d+)\/?$/.exec(path)?.[1] : undefined;
  return { Page: page(PAGE_OF_PATH[key] ?? 'NotFound'), id };
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
