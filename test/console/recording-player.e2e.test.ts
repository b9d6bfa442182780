/**
 * The call page's recording player in Chromium: each view mints a short-lived link for the member
 * (audited), <audio> plays it through the app's recording proxy (Twilio answered by nock), the expiry is
 * shown, and once the link has expired (the browser's clock moved on) play fetches a new one. The consent
 * record is shown next to it. axe light and dark, 375 px, nothing foreign.
 */
import nock from 'nock';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBusiness } from '../../server/businesses/service.ts';
import { verifiedSignup } from '../../testkit/accounts.ts';
import { startTestApp, type TestApp } from '../../testkit/app.ts';
import { HAS_CHROMIUM } from '../../testkit/chromium.ts';
import { type ConsolePage, launchChromium, openConsolePage, tabTo } from '../../testkit/console-browser.ts';
import { accessibleBothSchemes, fitsPhone, logInThroughPage } from '../../testkit/console-owner.ts';
import { callSid, fakeNumber, telephonyEnv, TWILIO_API, TWILIO_SID } from '../../testkit/twilio.ts';

/** One second of 8 kHz 16-bit mono silence as a WAV file: a recording any browser decodes. */
function silence(): Buffer {
  const data = Buffer.alloc(16_000);
  const h = Buffer.alloc(44);
  h.write('RIFF', 0);
  h.writeUInt32LE(36 + data.length, 4);
  h.write('WAVEfmt ', 8);
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(1, 22);
  h.writeUInt32LE(8000, 24);
  h.writeUInt32LE(16_000, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36);
  h.writeUInt32LE(data.length, 40);
  return Buffer.concat([h, data]);
}

describe.skipIf(!HAS_CHROMIUM)('recording player on the call page (Chromium)', { timeout: 90_000 }, () => {
  let app: TestApp;
  let browser: Browser;
  let c: ConsolePage;
  let owner: Awaited<ReturnType<typeof verifiedSignup>>;
  let callId = '';
  let businessId = '';
  const recordingSid = 'RE' + callSid().slice(2);

  beforeAll(async () => {
    app = await startTestApp({ upgrades: false, env: telephonyEnv() });
    browser = await launchChromium();
    owner = await verifiedSignup(app, 'owner');
    const accountId = (await app.ctx.db.account.findUniqueOrThrow({ where: { email: owner.email } })).id;
    const b = await createBusiness(app.ctx.db, {
      name: 'Rapid Rooter',
      ownerAccountId: accountId,
      phone: fakeNumber(),
    });
    businessId = b.id;
    const call = await app.ctx.db.call.create({
      data: {
        businessId,
        twilioCallSid: callSid(),
        direction: 'inbound',
        from: '+15125550142',
        status: 'completed',
        durationSeconds: 64,
        recordingSid,
        recordingSeconds: 61,
        recordingStatus: 'completed',
      },
    });
    callId = call.id;
    await app.ctx.db.consentRecord.create({
      data: {
        callId,
        businessId,
        outcome: 'granted',
        attempts: 1,
        method: 'dtmf',
        promptText: 'This call may be recorded. Press 1 to agree.',
        answeredAt: new Date(),
      },
    });
    nock(TWILIO_API)
      .get(`/2010-04-01/Accounts/${TWILIO_SID}/Recordings/${recordingSid}.mp3`)
      .reply(200, silence(), { 'content-type': 'audio/wav' })
      .persist();
    c = await openConsolePage(browser, app.url);
  }, 120_000);
  afterAll(async () => {
    nock.cleanAll();
    await browser?.close();
    await app?.close();
  });

  const audits = (action: string) => app.ctx.db.auditLog.count({ where: { businessId, action, target: callId } });

  it('mints an audited link per view, plays it by keyboard, shows the expiry and the consent next to it', async () => {
    await c.page.clock.install();
    await logInThroughPage(c, app.url, owner.email, owner.password, `/app/calls/${callId}`);
    const section = c.page.getByRole('region', { name: 'Recording and consent' });
    await section.waitFor();
    const audio = section.locator('ll-recording-player audio');
    await audio.waitFor({ state: 'attached' });
    expect(await audio.getAttribute('src')).toMatch(new RegExp(`^/recordings/${callId}\\?exp=\\d+&v=[\\w-]+&sig=`));
    expect(await audits('recording.viewed')).toBe(1);
    await section.getByText('Listening link valid until').waitFor();
    expect(await section.textContent()).toContain('granted');
    expect(await section.textContent()).toContain('Press 1 to agree');
    await accessibleBothSchemes(c, 'call page with recording');
    await fitsPhone(c, 'call page with recording');

    const fetched = c.page.waitForResponse((r) => r.url().includes(`/recordings/${callId}`));
    await tabTo(c.page, 'audio');
    await c.page.keyboard.press('Space');
    expect((await fetched).status()).toBeLessThan(300);
    await expect.poll(() => audits('recording.fetched')).toBeGreaterThanOrEqual(1);
    await expect.poll(() => audio.evaluate((a: HTMLAudioElement) => a.ended || a.currentTime > 0)).toBe(true);
  });

  it('after the link expires, play gets a new link (a new audited view) and plays again', async () => {
    const audio = c.page.locator('ll-recording-player audio');
    const first = await audio.getAttribute('src');
    await c.page.clock.fastForward('10:05'); // past the 600-second link
    await c.page.getByText('The listening link has expired').waitFor();
    const fetched = c.page.waitForResponse(
      (r) => r.url().includes(`/recordings/${callId}`) && !r.url().endsWith(first!.slice(first!.indexOf('?'))),
    );
    // Pressing play on the expired link (its own play is cut short while the new link is fetched).
    await audio.evaluate((a: HTMLAudioElement) => {
      a.pause();
      return a.play().catch(() => {});
    });
    await expect.poll(() => audits('recording.viewed')).toBe(2);
    expect((await fetched).status()).toBeLessThan(300);
    expect(await audio.getAttribute('src')).not.toBe(first);
    await c.page.getByText('Listening link valid until').waitFor();
    expect(c.problems).toEqual([]);
    expect(c.foreign).toEqual([]);
  });
});
