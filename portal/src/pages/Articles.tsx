/** 新闻、政策、公告: the published articles by kind, a page at a time. */
import { useEffect, useState } from 'react';
import { api, qs, type ArticleKind, type ArticleSummary } from '../api.ts';
import { usePageTitle } from '../components/ui.tsx';
import { day } from '../format.ts';
import { useI18n } from '../i18n.tsx';
import { Link, useLocation } from '../router.tsx';

const KINDS: (ArticleKind | '')[] = ['', 'news', 'policy', 'notice'];
const PAGE_SIZE = 10;

export default function Articles() {
  const { t, tk } = useI18n();
  usePageTitle(t('articles.title'));
  const { query } = useLocation();
  const kind = (KINDS as string[]).includes(query.get('kind') ?? '') ? query.get('kind') ?? '' : '';
  const page = Math.max(1, Number(query.get('page')) || 1);
  const [data, setData] = useState<{ items: ArticleSummary[]; total: number } | null | 'error'>(null);

  useEffect(() => {
    let live = true;
    setData(null);
    api<{ items: ArticleSummary[]; total: number }>(`/public/articles${qs({ kind, page, pageSize: PAGE_SIZE })}`)
      .then((r) => { if (live) setData(r); })
      .catch(() => { if (live) setData('error'); });
    return () => { live = false; };
  }, [kind, page]);

  const href = (k: string, p: number) => `/articles${qs({ kind: k, page: p > 1 ? p : undefined })}`;
  return (
    <>
      <h1>{t('articles.title')}</h1>
      <nav aria-label={t('articles.kinds')} className="tabs">
        {KINDS.map((k) => (
          <Link key={k || 'all'} to={href(k, 1)} aria-current={k === kind ? 'page' : undefined} className="tab">{k ? tk('kind', k) : t('articles.all')}</Link>
        ))}
      </nav>
      {data === null && <p className="muted" role="status">{t('common.loading')}</p>}
      {data === 'error' && <p className="muted">{t('articles.unavailable')}</p>}
      {data && data !== 'error' && (data.items.length === 0 ? <p className="muted">{t('articles.none')}</p> : (
        <>
          <ul className="article-list big">
            {data.items.map((a) => (
              <li key={a.id}>
                <Link to={`/articles/${a.id}`}>{a.title}</Link>
                <span className="meta">{tk('kind', a.kind)} · {day(a.publishedAt)}</span>
                {a.summary && <p>{a.summary}</p>}
              </li>
            ))}
          </ul>
          <nav className="pager" aria-label={t('articles.pages')}>
            {page > 1 && <Link to={href(kind, page - 1)}>{t('articles.prev')}</Link>}
            <span>{t('articles.page', { page, pages: Math.max(1, Math.ceil(data.total / PAGE_SIZE)) })}</span>
            {page * PAGE_SIZE < data.total && <Link to={href(kind, page + 1)}>{t('articles.next')}</Link>}
          </nav>
        </>
      ))}
    </>
  );
}
