import nodemailer from 'nodemailer';
import type { Logger, WorkerConfig } from '@sentinel/platform';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  /** A stable Message-ID lets mail clients drop a duplicate of a retried send. */
  messageId: string;
}

export interface Mailer {
  send(mail: Mail): Promise<void>;
  close(): void;
}

/**
 * SMTP through nodemailer when SMTP_URL is set. Without it (development and tests
 * only; production refuses to start), mail is written to the log: a stand-in for an
 * outside mail server, named as such in every line it writes.
 */
export function createMailer(config: WorkerConfig, logger: Logger): Mailer {
  if (config.SMTP_URL) {
    const transport = nodemailer.createTransport(config.SMTP_URL);
    return {
      send: async (m) => {
        await transport.sendMail({ from: config.MAIL_FROM, to: m.to, subject: m.subject, text: m.text, messageId: m.messageId });
      },
      close: () => transport.close(),
    };
  }
  return {
    send: async (m) => {
      logger.info({ mail: { to: m.to, subject: m.subject, text: m.text } }, 'mail not sent (no SMTP_URL): development log transport');
    },
    close: () => {},
  };
}
