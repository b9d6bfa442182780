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
 * Mail carries secrets: verification and reset codes, set-up links, reconnect tickets, recording links,
 * transcripts. So the OutboxEmail table keeps who, what subject, when and whether it was delivered —
 * never the body — when SMTP_URL is set; the body exists only in the message handed to SMTP.
 *
 * Without SMTP_URL (development, tests that do not read mail) the whole mail is kept in the table to be
 * read locally (`keepBodies`): on by default outside production, and production refuses to start without
 * SMTP_URL unless MAIL_DEV_OUTBOX=true says so explicitly (config.ts).
 */
export function createMailer(opts: {
  db: Db;
  log: Logger;
  smtpUrl?: string;
  from: string;
  keepBodies?: boolean;
}): Mailer {
  const transport = opts.smtpUrl ? nodemailer.createTransport(opts.smtpUrl) : null;
  const keepBodies = !transport && (opts.keepBodies ?? true);
  return {
    async send(mail) {
      const row = await opts.db.outboxEmail.create({
        data: {
          to: mail.to,
          subject: mail.subject,
          text: keepBodies ? mail.text : '',
          html: keepBodies ? mail.html : null,
        },
      });
      if (!transport) {
        opts.log.info(
          { mailId: row.id, to: mail.to, subject: mail.subject, bodyKept: keepBodies },
          'mail kept in the local outbox (SMTP_URL not set)',
        );
        return;
      }
      try {
        await transport.sendMail({ from: opts.from, ...mail });
        await opts.db.outboxEmail.update({ where: { id: row.id }, data: { sentAt: new Date() } });
      } catch (err) {
        // The SMTP server's answer, not the message: nothing of the body lands here either.
        await opts.db.outboxEmail.update({
          where: { id: row.id },
          data: { error: String((err as Error).message).slice(0, 500) },
        });
        throw err;
      }
    },
  };
}
