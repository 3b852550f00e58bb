import Button from 'antd/es/button';
import Card from 'antd/es/card';
import Space from 'antd/es/space';
import Typography from 'antd/es/typography';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { SSO_PROBLEMS_ASKING_ANOTHER_ACCOUNT, SsoProblemQuery } from '@ram-console/contracts';
import { StandalonePage } from '../../../components/product-bar';
import { ssoLoginHref } from './sso-sign-in';

/**
 * Where an SSO sign-in that ended without a session lands: what happened, in the operator's
 * language, and a way to try again. Only the fixed `problem` vocabulary is read from the URL
 * (and a RAM user name that passes RAM's own rules), so a crafted link cannot put words here.
 */
export function SsoProblemPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const parsed = SsoProblemQuery.safeParse({
    problem: params.get('problem') ?? undefined,
    ramUser: params.get('ramUser') ?? undefined,
  });
  const problem = parsed.success ? parsed.data.problem : 'unknown';
  const ramUser = parsed.success ? parsed.data.ramUser : undefined;
  const text =
    problem === 'ram_user_missing' && !ramUser
      ? t('sso.problems.ram_user_missing.textWithoutName')
      : t(`sso.problems.${problem}.text`, { ramUser });

  return (
    // The product header the console's pages carry too, above the card.
    <StandalonePage>
      <Card style={{ width: 480, maxWidth: '100%' }}>
        <Typography.Title level={1} style={{ fontSize: 22, marginTop: 0 }}>
          {t(`sso.problems.${problem}.title`)}
        </Typography.Title>
        <Typography.Paragraph role="status">{text}</Typography.Paragraph>
        <Space wrap>
          <Button
            type="primary"
            href={ssoLoginHref(undefined, {
              // Perhaps the wrong account at the provider: let the person choose again.
              promptLogin:
                parsed.success && SSO_PROBLEMS_ASKING_ANOTHER_ACCOUNT.has(parsed.data.problem),
            })}
          >
            {t('sso.tryAgain')}
          </Button>
          <Link to="/sign-in">{t('sso.backToSignIn')}</Link>
        </Space>
      </Card>
    </StandalonePage>
  );
}
