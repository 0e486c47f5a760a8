import { usePageTitle } from '../components/ui.tsx';
import { useI18n } from '../i18n.tsx';
import { Link } from '../router.tsx';

export default function NotFound() {
  const { t } = useI18n();
  usePageTitle(t('notFound.title'));
  return (
    <>
      <h1>{t('notFound.title')}</h1>
      <p>{t('notFound.text')}</p>
      <p><Link to="/">{t('notFound.home')}</Link></p>
    </>
  );
}
