import Result from 'antd/es/result';
import Typography from 'antd/es/typography';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { homeFor } from '../guards';
import { useSession } from '../session';

export function NotFoundRoute() {
  const { t } = useTranslation();
  const { operator } = useSession();
  return (
    <Result
      status="404"
      title={
        <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
          {t('notFound.title')}
        </Typography.Title>
      }
      subTitle={t('notFound.body')}
      extra={<Link to={homeFor(operator)}>{t('notFound.home')}</Link>}
    />
  );
}
