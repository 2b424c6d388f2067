// The Pages Router's app: only the sign-in page (pages/sign-in.tsx) lives here, with the same
// stylesheet as the App Router's screens.
import type { AppProps } from 'next/app';
import '@/app/globals.css';

export default function App({ Component, pageProps }: AppProps) {
  return <Component {...pageProps} />;
}
