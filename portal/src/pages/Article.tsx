/**
 * One article. Its HTML was sanitised by the server when staff saved it (sanitize-html, docs/PORTAL.md); the
 * page's Content-Security-Policy (script-src 'self', no inline scripts) is the second wall should a script slip through.
 */
import { useEffect, useState } from 'react';
import { api, ApiError, type Article } from '../api.ts';
import { usePageTitle } from '../components/ui.tsx';
import { day } from '../format.ts';
import { useI18n } from '../i18n.tsx';
import { Link } from '../router.tsx';

export default function ArticlePage({ id }: { id?: string }) {
  const { t, tk } = useI18n();
  const [a, setA] = useState<Article | null | 'missing' | 'error'>(null);
  usePageTitle(a && typeof a === 'object' ? a.title : t('articles.title'));

  useEffect(() => {
    let live = true;
    api<Article>(`/public/articles/${encodeURIComponent(id ?? '')}`)
      .then((r) => { if (live) setA(r); })
      .catch((e: unknown) => { if (live) setA(e instanceof ApiError && e.status === 404 ? 'missing' : 'error'); });
    return () => { live = false; };
  }, [id]);

  if (a === null) return <p className="muted" role="status">{t('common.loading')}</p>;
  if (a === 'missing' || a === 'error') {
    return (
      <>
        <h1>{t('articles.title')}</h1>
        <p>{a === 'missing' ? t('articles.missing') : t('articles.unavailable')}</p>
        <p><Link to="/articles">{t('articles.back')}</Link></p>
      </>
    );
  }
  return (
    <article className="article">
      <p className="meta">{tk('kind', a.kind)} · <time dateTime={a.publishedAt}>{day(a.publishedAt)}</time></p>
      <h1>{a.title}</h1>
      <div className="article-body" dangerouslySetInnerHTML={{ __html: a.html }} />
      <p><Link to="/articles">{t('articles.back')}</Link></p>
    </article>
  );
}
