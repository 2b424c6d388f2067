// The settings page's single sign-on section: its settings loaded here, edited by SsoSettings.
import { SsoSettings } from '@/components/sso-settings';
import { Notice } from '@/components/ui';
import { endSessionOn401, sessionClient } from '@/server/api';

export async function SsoSection({ slug }: { slug: string }) {
  const api = await sessionClient();
  const { data, error, response } = await api.GET('/api/v1/tenant/sso');
  endSessionOn401(response, error);
  if (!data) return <Notice kind="error">Single sign-on settings could not be loaded ({response.status}). Reload the page to try again.</Notice>;
  return <SsoSettings view={data} slug={slug} />;
}
