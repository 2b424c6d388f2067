// The web server's configuration, read once. Server code only: the browser never learns
// where the API lives (it calls this server, same-origin).
function parseApiUrl(raw: string | undefined): string {
  const value = raw ?? 'http://127.0.0.1:8000';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`SENTINEL_API_URL: not a URL (${value})`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('SENTINEL_API_URL: must be http:// or https://');
  return url.origin + url.pathname.replace(/\/$/, '');
}

export const config = Object.freeze({
  apiUrl: parseApiUrl(process.env.SENTINEL_API_URL),
  production: process.env.NODE_ENV === 'production',
});
