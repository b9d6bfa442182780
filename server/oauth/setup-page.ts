/** The set-up pages (GET/POST /setup): choose the first password, or confirm / decline a held install. */
import { BACKFILL_DAYS, type InstallResult } from './install.ts';
import { esc, postForm, type Page } from './page.ts';

export interface ConnectedItem {
  provider: string;
  externalName: string | null;
  status: string;
}

const connectedList = (items: ConnectedItem[]) =>
  items.length
    ? `<p>Connected:</p><ul>${items.map((c) => `<li>${esc(c.provider)}${c.externalName ? ` (${esc(c.externalName)})` : ''}: ${esc(c.status)}</li>`).join('')}</ul>`
    : '';

export function passwordPage(p: {
  token: string;
  email: string;
  businessName: string;
  connected: ConnectedItem[];
  errors?: string[];
}): Page {
  const errors = p.errors?.length ? `<ul class="error">${p.errors.map((e) => `<li>${esc(e)}</li>`).join('')}</ul>` : '';
  return {
    status: p.errors?.length ? 422 : 200,
    title: 'Finish setting up Leadline',
    body:
      `<h1>Finish setting up Leadline</h1><p>Leadline is set up for <strong>${esc(p.businessName)}</strong>.</p>${connectedList(p.connected)}` +
      `<p>Choose a password for <strong>${esc(p.email)}</strong>.</p>${errors}` +
      `<form method="post" action="/setup"><input type="hidden" name="token" value="${esc(p.token)}">` +
      `<input type="hidden" name="action" value="password">` +
      `<label for="password">Password (at least 10 characters)</label>` +
      `<input id="password" name="password" type="password" autocomplete="new-password" minlength="10" maxlength="200" required>` +
      `<label for="passwordAgain">Password again</label>` +
      `<input id="passwordAgain" name="passwordAgain" type="password" autocomplete="new-password" minlength="10" maxlength="200" required>` +
      `<button type="submit">Set password</button></form>`,
  };
}

export const passwordSetPage = (p: { email: string; businessName: string; connected: ConnectedItem[] }): Page => ({
  title: 'Password set',
  body: `<h1>You are all set</h1><p>Your password is set. <a href="/app/login">Log in to Leadline</a> as <strong>${esc(p.email)}</strong> to manage ${esc(p.businessName)}.</p>${connectedList(p.connected)}`,
});

export function confirmPage(p: {
  token: string;
  provider: string;
  externalName: string | null;
  externalId: string;
  businessName: string;
  newBusiness: boolean;
}): Page {
  const crm = `${esc(p.provider)}${p.externalName ? ` (${esc(p.externalName)})` : ''}`;
  return {
    title: `Connect ${p.provider}?`,
    body:
      `<h1>Connect ${esc(p.provider)} to Leadline?</h1>` +
      `<p>Leadline was installed from ${crm}, account <code>${esc(p.externalId)}</code>, with your e-mail address. Nothing is connected yet.</p>` +
      `<p>Confirming connects it to <strong>${esc(p.businessName)}</strong>${p.newBusiness ? ' (a new business)' : ''} and sends it the leads of the last ${BACKFILL_DAYS} days, then every new lead.</p>` +
      `<form method="post" action="/setup"><input type="hidden" name="token" value="${esc(p.token)}">` +
      `<input type="hidden" name="action" value="confirm">` +
      `<label for="password">Your Leadline password</label>` +
      `<input id="password" name="password" type="password" autocomplete="current-password" maxlength="200" required>` +
      `<label for="secondFactor">Authenticator or recovery code (only if two-factor is on)</label>` +
      `<input id="secondFactor" name="secondFactor" autocomplete="one-time-code" maxlength="20">` +
      `<button type="submit">Connect ${esc(p.provider)}</button></form>` +
      postForm('/setup', { token: p.token, action: 'decline' }, 'This was not me', 'inline'),
  };
}

export const confirmedPage = (provider: string, r: InstallResult): Page => ({
  title: `${provider} connected`,
  body:
    `<h1>${esc(provider)} is connected to ${esc(r.business.name)}</h1>` +
    `<p>${r.backfilled ? `${r.backfilled} lead${r.backfilled === 1 ? '' : 's'} of the last ${BACKFILL_DAYS} days are on their way.` : `There were no leads in the last ${BACKFILL_DAYS} days to send.`} New leads follow as they come in.</p>`,
});

export const declinedPage = (provider: string): Page => ({
  title: 'Nothing connected',
  body: `<h1>Nothing was connected</h1><p>The ${esc(provider)} install was declined and its access given back. If someone is installing Leadline with your e-mail address without your say, check who can use that ${esc(provider)} account.</p>`,
});
