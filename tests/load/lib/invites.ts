// Where the seed reads invitation links, to give a new tenant admin its password through
// the public API (POST /auth/accept-invite): the installation mails the link, so the suite
// needs to see that mail. LOAD_INVITES names how:
//   smtp://host:port  the suite listens there as an SMTP server (point the worker's SMTP_URL at it)
//   file:<path>       a worker log to read (without SMTP_URL the worker logs the mail: `npm run dev > dev.log`)
import type { AddressInfo, Server } from 'node:net';
import { existsSync, readFileSync } from 'node:fs';
import { SMTPServer } from 'smtp-server';

export interface InviteSource {
  /** The token of the newest invitation mailed to `email` after `sinceMs` (epoch ms). */
  tokenFor(email: string, sinceMs: number, timeoutMs?: number): Promise<string>;
  close(): Promise<void>;
  /** smtp:// only: where it listens (the port the system chose, for `smtp://host:0`). */
  url?: string;
}

function tokenIn(text: string): string | undefined {
  // Quoted-printable soft breaks and `=3D` in mail; JSON string escapes in a log line.
  const plain = text.replace(/=\r?\n/g, '').replace(/=3D/gi, '=');
  const all = [...plain.matchAll(/accept-invite\?token=([^\s"\\]+)/g)];
  const last = all.at(-1)?.[1];
  return last === undefined ? undefined : decodeURIComponent(last);
}

async function poll<T>(what: string, timeoutMs: number, get: () => T | undefined): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = get();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`no invitation for ${what} within ${timeoutMs} ms (is the worker running, and LOAD_INVITES right?)`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function openInvites(spec: string | undefined): Promise<InviteSource | undefined> {
  if (!spec) return undefined;
  if (spec.startsWith('file:')) {
    const path = spec.slice('file:'.length);
    return {
      tokenFor: (email, since, timeoutMs = 30_000) =>
        poll(email, timeoutMs, () => {
          if (!existsSync(path)) return undefined;
          // The newest line mailing this address, logged after `since` (a re-invitation
          // replaces the older link): the log line's own time (pino: "time" as ISO or epoch ms),
          // with a second's leeway for the two clocks.
          const lines = readFileSync(path, 'utf8')
            .split('\n')
            .filter((l) => l.toLowerCase().includes(email.toLowerCase()) && l.includes('accept-invite'))
            .filter((l) => {
              const t = /"time":(?:"([^"]+)"|(\d+))/.exec(l);
              const at = t ? (t[1] ? Date.parse(t[1]) : Number(t[2])) : NaN;
              return Number.isNaN(at) || at >= since - 1000;
            });
          return lines.length ? tokenIn(lines.at(-1)!) : undefined;
        }),
      close: async () => {},
    };
  }
  const url = new URL(spec);
  if (url.protocol !== 'smtp:') throw new Error(`LOAD_INVITES=${spec}: expected smtp://host:port or file:<path>`);
  const mails: { to: string[]; raw: string; at: number }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()), raw: Buffer.concat(chunks).toString('utf8'), at: Date.now() });
        done();
      });
    },
  });
  await new Promise<void>((res, rej) => {
    server.once('error', rej);
    server.listen(Number(url.port || 25), url.hostname, () => res());
  });
  const bound = (server as unknown as { server: Server }).server.address() as AddressInfo;
  return {
    url: `smtp://${url.hostname}:${bound.port}`,
    tokenFor: (email, since, timeoutMs = 30_000) =>
      poll(email, timeoutMs, () => {
        const m = mails.filter((x) => x.at >= since && x.to.includes(email.toLowerCase())).at(-1);
        return m ? tokenIn(m.raw) : undefined;
      }),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
