// A real SMTP server (npm smtp-server) on a loopback port: the worker's mail goes
// through nodemailer over SMTP to it, and tests read what arrived.
import { SMTPServer } from 'smtp-server';
import { freePort } from '#local-stack';
import { useFixture } from './suite.js';
import { waitFor } from './wait.js';

export interface ReceivedMail {
  to: string[];
  raw: string;
}

export interface TestSmtp {
  url: string;
  messages: ReceivedMail[];
  /** Messages whose DATA has arrived but which are not yet acknowledged. */
  inFlight: number;
  to(address: string): ReceivedMail[];
  waitFor(predicate: () => boolean, ms?: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * `delayMs(n)` holds the acknowledgement of the n-th message (0-based): a mail counts as
 * delivered only once acknowledged, and not at all if the client goes away first.
 */
export async function startSmtp(opts: { delayMs?: (n: number) => number } = {}): Promise<TestSmtp> {
  const messages: ReceivedMail[] = [];
  const closed = new Set<string>();
  let seen = 0;
  const state = { inFlight: 0 };
  const timers = new Set<NodeJS.Timeout>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onClose(session) {
      closed.add(session.id);
    },
    onData(stream, session, callback) {
      let raw = '';
      const delay = opts.delayMs?.(seen++) ?? 0;
      stream.on('data', (c: Buffer) => (raw += c.toString()));
      stream.on('end', () => {
        state.inFlight++;
        const t = setTimeout(() => {
          timers.delete(t);
          state.inFlight--;
          if (closed.has(session.id)) return;
          messages.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
          callback();
        }, delay);
        timers.add(t);
      });
    },
  });
  const port = await freePort();
  await new Promise<void>((res) => server.listen(port, '127.0.0.1', () => res()));
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    get inFlight() {
      return state.inFlight;
    },
    to: (address) => messages.filter((m) => m.to.includes(address)),
    waitFor: async (predicate, ms = 15_000) => {
      await waitFor('mail', predicate, ms, 25);
    },
    close: () => {
      for (const t of timers) clearTimeout(t);
      return new Promise<void>((res) => server.close(() => res()));
    },
  };
}

/** The invitation token from a received mail's link (quoted-printable soft breaks undone). */
export function tokenFrom(mail: ReceivedMail): string {
  const body = mail.raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
  const m = /accept-invite\?token=([^\s]+)/.exec(body);
  if (!m) throw new Error(`no invitation link in: ${body}`);
  return decodeURIComponent(m[1]!);
}

/** A real SMTP server for the enclosing describe block or file, closed in afterAll. */
export function useSmtp(opts: { delayMs?: (n: number) => number } = {}): TestSmtp {
  return useFixture(
    () => startSmtp(opts),
    (s) => s.close(),
  );
}
