/** The HTML pages of the install flow (the page kit is server/http/page.ts). */
import { esc, type Page, postForm } from '../http/page.ts';
import type { InstallResult, PendingInstall } from './install.ts';

export { asPage, esc, formBody, type Page, postForm, problemPage, sendPage, wantsHtml } from '../http/page.ts';

/** The page a browser lands on after a successful install. */
export function installedPage(provider: string, r: InstallResult): Page {
  const next = r.setupEmailedTo
    ? `<p>We created a Leadline account for you and e-mailed <strong>${esc(r.setupEmailedTo)}</strong> a link to choose your password.</p>`
    : `<p>You can close this window and return to Leadline.</p>`;
  return {
    title: `${provider} connected`,
    body: `<h1>${esc(provider)} is connected to ${esc(r.business.name)}</h1>${next}`,
  };
}

export const pendingPage = (provider: string, p: PendingInstall): Page => ({
  status: 202,
  title: 'Confirm by e-mail',
  body: `<h1>Almost done</h1><p>${esc(provider)} is not connected yet. We e-mailed <strong>${esc(p.confirmationEmailedTo)}</strong> a link to confirm it; the connection starts once it is confirmed there.</p>`,
});

/** A page that sends a ticket on to the provider's consent page (`authorizeOrigin`) with one button. */
export interface TicketPage {
  provider: string;
  businessName: string;
  action: string;
  ticket: string;
  authorizeOrigin: string;
}

/**
 * What a GET of an e-mailed reconnect link shows: a button, not the redirect. Mail scanners open the links in
 * e-mails, and a link spent by a scanner would be the dead link again; they do not submit forms.
 */
export const reconnectPage = (p: TicketPage): Page => ({
  title: `Reconnect ${p.provider}`,
  body:
    `<h1>Reconnect ${esc(p.provider)}</h1><p>${esc(p.provider)} stopped accepting Leadline's access for <strong>${esc(p.businessName)}</strong>. ` +
    `Leads are kept and will be sent once you reconnect. You will be asked to sign in to ${esc(p.provider)} and allow access again.</p>` +
    postForm(p.action, { ticket: p.ticket }, `Continue to ${p.provider}`),
  formTargets: [p.authorizeOrigin],
});

/** What a browser opening an in-app install link sees first: which business the provider will be connected to. */
export const installPage = (p: TicketPage): Page => ({
  title: `Connect ${p.provider}`,
  body:
    `<h1>Connect ${esc(p.provider)} to ${esc(p.businessName)}</h1><p>You will be asked to sign in to ${esc(p.provider)} and allow access. ` +
    `Leads of <strong>${esc(p.businessName)}</strong> will then be sent to that ${esc(p.provider)} account. ` +
    `If you did not start this from Leadline, close this window.</p>` +
    postForm(p.action, { ticket: p.ticket }, `Continue to ${p.provider}`),
  formTargets: [p.authorizeOrigin],
});
