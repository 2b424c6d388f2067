// The typed API client for the browser: the same generated paths, sent to this web server's
// /bff proxy (app/bff), which adds the session's access token. When the answer says the session
// ended, the page goes to the sign-in screen with the reason.
import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';

const sessionEnded: Middleware = {
  onResponse({ response }) {
    const code = response.headers.get('x-sentinel-session-ended');
    if (code) window.location.assign(`/sign-in?ended=${encodeURIComponent(code)}`);
    return response;
  },
};

export const browserApi = createClient<paths>({ baseUrl: '/bff' });
browserApi.use(sessionEnded);
