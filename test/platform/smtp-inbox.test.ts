import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SmtpInbox, startSmtpInbox } from '../../testkit/smtp-inbox.ts';

describe('testkit SMTP inbox', () => {
  let inbox: SmtpInbox;
  beforeAll(async () => {
    inbox = await startSmtpInbox();
  });
  afterAll(() => inbox.stop());

  it('receives what nodemailer sends over SMTP, parsed, and waits for what is yet to come', async () => {
    const transport = nodemailer.createTransport(inbox.url);
    const waiting = inbox.waitFor((m) => m.subject === 'Second');
    await transport.sendMail({ from: 'a@leadline.test', to: 'Owner@Example.test', subject: 'First', text: 'héllo' });
    await transport.sendMail({ from: 'a@leadline.test', to: 'b@example.test', subject: 'Second', text: 'two' });
    expect((await waiting).to).toEqual(['b@example.test']);
    const [first] = inbox.to('owner@example.test');
    expect(first?.text.trim()).toBe('héllo');
    await expect(inbox.waitFor((m) => m.subject === 'never', 50)).rejects.toThrow(/no matching mail/);
  });
});
