/** Home: the four ways in (petition, progress, appointments, news/policies/notices) and the latest articles. */
import { useEffect, useState } from 'react';
import { api, type ArticleSummary } from '../api.ts';
import { usePageTitle } from '../components/ui.tsx';
import { day } from '../format.ts';
import { useI18n } from '../i18n.tsx';
import { Link } from '../router.tsx';

const ENTRIES = [
  { to: '/petition', key: 'petition', icon: '✎' },
  { to: '/progress', key: 'progress', icon: '⌕' },
  { to: '/appointments', key: 'appointments', icon: '☷' },
  { to: '/articles', key: 'articles', icon: '☰' },
] as const;

export default function Home() {
  const { t, tk } = useI18n();
  usePageTitle(t('home.title'));
  const [latest, setLatest] = useState<ArticleSummary[] | null | 'error'>(null);

  useEffect(() => {
    let live = true;
    api<{ items: ArticleSummary[] }>('/public/articles?page=1&pageSize=5')
      .then((r) => { if (live) setLatest(r.items); })
      .catch(() => { if (live) setLatest('error'); });
    return () => { live = false; };
  }, []);

  return (
    <>
      <section className="hero">
        <h1>{t('home.title')}</h1>
        <p>{t('home.lead')}</p>
      </section>
      <ul className="entries">
        {ENTRIES.map((e) => (
          <li key={e.key}>
            <Link to={e.to} className="entry" data-testid={`entry-${e.key}`}>
              <span className="entry-icon" aria-hidden="true">{e.icon}</span>
              <span className="entry-title">{t(`home.${e.key}`)}</span>
              <span className="entry-desc">{t(`home.${e.key}.desc`)}</span>
            </Link>
          </li>
        ))}
      </ul>
      <section className="panel" aria-labelledby="latest-h">
        <h2 id="latest-h">{t('home.latest')}</h2>
        {latest === null && <p className="muted">{t('common.loading')}</p>}
        {latest === 'error' && <p className="muted">{t('articles.unavailable')}</p>}
        {Array.isArray(latest) && latest.length === 0 && <p className="muted">{t('articles.none')}</p>}
        {Array.isArray(latest) && latest.length > 0 && (
          <ul className="article-list">
            {latest.map((a) => (
              <li key={a.id}>
                <Link to={`/articles/${a.id}`}>{a.title}</Link>
                <span className="meta">{tk('kind', a.kind)} · {day(a.publishedAt)}</span>
              </li>
            ))}
          </ul>
        )}
        <p><Link to="/articles">{t('home.moreArticles')}</Link></p>
      </section>
    </>
  );
}
