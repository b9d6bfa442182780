import nodemailer from 'nodemailer';
import type { Db } from '../db/client.ts';
import type { Logger } from '../log.ts';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

export interface Mailer {
  send(mail: Mail): Promise<void>;
}

/**
 * Every mail is written to the OutboxEmail table first (so flows work offline and sends are auditable),
 * then delivered over SMTP when SMTP_URL is set.
 */
export function createMailer(opts: { db: Db; log: Logger; smtpUrl?: string; from: string }): Mailer {
  const transport = opts.smtpUrl ? nodemailer.createTransport(opts.smtpUrl) : null;
  return {
    async send(mail) {
      const row = await opts.db.outboxEmail.create({
        data: { to: mail.to, subject: mail.subject, text: mail.text, html: mail.html },
      });
      if (!transport) {
        opts.log.info(
          { mailId: row.id, to: mail.to, subject: mail.subject },
          'mail kept in the local outbox (SMTP_URL not set)',
        );
        return;
      }
      try {
        await transport.sendMail({ from: opts.from, ...mail });
        await opts.db.outboxEmail.update({ where: { id: row.id }, data: { sentAt: new Date() } });
      } catch (err) {
        await opts.db.outboxEmail.update({ where: { id: row.id }, data: { error: String((err as Error).message) } });
        throw err;
      }
    },
  };
}
