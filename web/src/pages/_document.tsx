// The HTML around the Pages Router's pages (the sign-in page): the root layout's <html> and
// <body>, and the request's CSP nonce (proxy.ts) on whatever Next emits, should a page ever
// carry script again.
import Document, { Head, Html, Main, NextScript, type DocumentContext, type DocumentInitialProps } from 'next/document';

type Props = DocumentInitialProps & { nonce?: string };

export default class SentinelDocument extends Document<Props> {
  static async getInitialProps(ctx: DocumentContext): Promise<Props> {
    const initial = await Document.getInitialProps(ctx);
    const nonce = ctx.req?.headers['x-nonce'];
    return typeof nonce === 'string' ? { ...initial, nonce } : initial;
  }

  render() {
    return (
      <Html lang="en">
        <Head nonce={this.props.nonce} />
        <body className="min-h-screen bg-slate-50 text-slate-900 antialiased dark:bg-slate-950 dark:text-slate-100">
          <Main />
          <NextScript nonce={this.props.nonce} />
        </body>
      </Html>
    );
  }
}
