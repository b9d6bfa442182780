/**
 * Mail holds secrets (codes, set-up and reconnect links, recording links, transcripts), so the outbox
 * table keeps who, what subject and when — never the body. The user reads the code from a real SMTP
 * mailbox; the database never held it. Production needs SMTP_URL, or an explicit development flag.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.ts';
import { startTestApp, type TestApp } from '../../testkit/app.ts';
import { call, signup } from '../../testkit/http.ts';
import { startSmtpInbox, type SmtpInbox } from '../../testkit/smtp-inbox.ts';

let app: TestApp;
let inbox: SmtpInbox;
beforeAll(async () => {
  inbox = await startSmtpInbox();
  app = await startTestApp({ env: { SMTP_URL: inbox.url } });
});
afterAll(async () => {
  await app.close();
  await inbox.stop();
});

/** Every stored outbox column of mail to `to`, as text, to search for a secret anywhere in it. */
const storedFor = async (to: string) => JSON.stringify(await app.ctx.db.outboxEmail.findMany({ where: { to } }));

describe('the mail outbox', () => {
  it('delivers the verification and reset codes by SMTP and stores neither', async () => {
    const u = await signup(app.url, 'mailer');
    const verify = await inbox.waitFor((m) => m.to.includes(u.email) && m.subject.includes('verification'));
    const code = /\b(\d{6})\b/.exec(verify.text)![1]!;
    await call(app.url, 'POST', '/api/v1/auth/password-reset/request', { body: { email: u.email } });
    const reset = await inbox.waitFor((m) => m.to.includes(u.email) && m.subject.startsWith('Reset'));
    const resetCode = /\b(\d{6})\b/.exec(reset.text)![1]!;

    const rows = await app.ctx.db.outboxEmail.findMany({ where: { to: u.email }, orderBy: { createdAt: 'asc' } });
    expect(rows.map((r) => ({ subject: r.subject, text: r.text, html: r.html, sent: Boolean(r.sentAt) }))).toEqual([
      { subject: verify.subject, text: '', html: null, sent: true },
      { subject: reset.subject, text: '', html: null, sent: true },
    ]);
    const stored = await storedFor(u.email);
    expect(stored).not.toContain(code);
    expect(stored).not.toContain(resetCode);
    // The code works: it came from the mailbox, as a user would read it.
    const ok = await call(app.url, 'POST', '/api/v1/auth/verify-email/confirm', {
      token: u.accessToken,
      body: { code },
    });
    expect(ok.status).toBe(204);
  });

  it('without SMTP and without the development flag, the outbox still keeps no body', async () => {
    const bare = await startTestApp({ env: { MAIL_DEV_OUTBOX: 'false' } });
    try {
      const u = await signup(bare.url, 'nosmtp');
      const rows = await bare.ctx.db.outboxEmail.findMany({ where: { to: u.email } });
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ text: '', html: null, sentAt: null });
    } finally {
      await bare.close();
    }
  });

  it('production refuses to start without SMTP_URL unless MAIL_DEV_OUTBOX=true says so', () => {
    const prod = {
      NODE_ENV: 'production',
      DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'leadline-mail-')),
      ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
      JWT_SECRET: 'x'.repeat(40),
      PUBLIC_BASE_URL: 'https://leadline.example',
      TRUST_PROXY: '1',
    };
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig(env, () => {});
        return [];
      } catch (e) {
        if (!(e instanceof ConfigError)) throw e;
        return e.problems;
      }
    };
    expect(problems(prod)).toEqual([expect.stringMatching(/^SMTP_URL: required in production/)]);
    expect(problems({ ...prod, SMTP_URL: 'smtp://mail.example:587' })).toEqual([]);
    expect(problems({ ...prod, MAIL_DEV_OUTBOX: 'true' })).toEqual([]);
  });
});
