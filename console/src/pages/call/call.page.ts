import '@awesome.me/webawesome/dist/components/badge/badge.js';
import '@awesome.me/webawesome/dist/components/button/button.js';
import '@awesome.me/webawesome/dist/components/callout/callout.js';
import '@awesome.me/webawesome/dist/components/option/option.js';
import '@awesome.me/webawesome/dist/components/select/select.js';
import '@awesome.me/webawesome/dist/components/spinner/spinner.js';
import '@awesome.me/webawesome/dist/components/textarea/textarea.js';
import './lead-editor.component.ts';
import './recording-player.component.ts';
import { Task } from '@lit/task';
import { html, LitElement, nothing } from 'lit';
import { announce } from '../../announce.ts';
import { useSession } from '../../controllers/session.controller.ts';
import { duration, temperatureVariant, when } from '../../format.ts';
import { ApiError, type Session } from '../../session.ts';
import { styles } from './call.styles.ts';
import {
  type CallView,
  type LeadView,
  type Member,
  PROVIDER_NAMES,
  type SyncView,
  type TriageView,
} from './call.types.ts';

interface Loaded {
  call: CallView;
  lead: LeadView | null;
  triage: TriageView;
  members: Member[];
}

async function load(session: Session, callId: string): Promise<Loaded> {
  const [call, triage] = await Promise.all([
    session.api<CallView>('GET', `/api/v1/calls/${callId}`),
    session.api<TriageView>('GET', `/api/v1/calls/${callId}/triage`),
  ]);
  const [lead, members] = await Promise.all([
    call.leadId ? session.api<LeadView>('GET', `/api/v1/leads/${call.leadId}`) : Promise.resolve(null),
    session.api<{ items: Member[] }>('GET', `/api/v1/businesses/${call.businessId}/members`).then((m) => m.items),
  ]);
  return { call, lead, triage, members };
}

/** `<ll-call-page .callId=…>`: one call — conversation, consent, lead, notes, handled, assignee, CRM sync. */
export class CallPage extends LitElement {
  static override styles = styles;
  static override properties = {
    callId: { attribute: 'call-id' },
    _editing: { state: true },
    _busy: { state: true },
    _error: { state: true },
  };
  declare callId: string;
  declare _editing: boolean;
  declare _busy: boolean;
  declare _error: string;
  private readonly _session = useSession(this);

  readonly data = new Task(this, {
    task: async ([id, session]: readonly [string, Session | undefined]) => {
      if (!session) throw new Error('not signed in');
      return load(session, id);
    },
    args: () => [this.callId, this._session.value] as const,
  });

  constructor() {
    super();
    this.callId = '';
    this._editing = false;
    this._busy = false;
    this._error = '';
  }

  private get session() {
    return this._session.value!;
  }

  /** Runs a change, shows a problem+json answer as an alert, re-reads the page, announces `done`. */
  private async _act(done: string, fn: () => Promise<unknown>) {
    this._busy = true;
    this._error = '';
    try {
      await fn();
      await this.data.run();
      announce(this, done);
      return true;
    } catch (err) {
      this._error = err instanceof ApiError ? err.explanation : (err as Error).message;
      return false;
    } finally {
      this._busy = false;
    }
  }

  private _addNote = async (e: SubmitEvent) => {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const body = String(new FormData(form).get('body') ?? '').trim();
    if (!body) return;
    if (await this._act('Note added', () => this.session.api('POST', `/api/v1/calls/${this.callId}/notes`, { body })))
      form.reset();
  };

  private _setHandled(handled: boolean) {
    return this._act(handled ? 'Marked handled' : 'Marked not handled', () =>
      this.session.api('PATCH', `/api/v1/calls/${this.callId}/triage`, { handled }),
    );
  }

  private _assign = (e: Event) => {
    const v = String((e.target as HTMLSelectElement).value ?? '');
    return this._act(v ? 'Assigned' : 'Unassigned', () =>
      this.session.api('PATCH', `/api/v1/calls/${this.callId}/triage`, { assigneeId: v || null }),
    );
  };

  private _saveLead(leadId: string, changes: Record<string, string | null>) {
    if (Object.keys(changes).length === 0) {
      this._editing = false;
      return;
    }
    return this._act('Lead saved; connected CRMs will receive the change', async () => {
      await this.session.api('PATCH', `/api/v1/leads/${leadId}`, changes);
      this._editing = false;
    });
  }

  private _retry(leadId: string) {
    return this._act('Sync queued again', () => this.session.api('POST', `/api/v1/leads/${leadId}/sync/retry`));
  }

  private _transcript(call: CallView) {
    if (call.transcript.length === 0) return html`<p>No transcript for this call.</p>`;
    return html`<ol class="transcript" aria-label="Conversation">
      ${call.transcript.map(
        (t) => html`<li class=${t.speaker === 'agent' ? 'agent' : 'caller'}>
          <span class="speaker">${t.speaker === 'agent' ? 'Assistant' : 'Caller'}</span>${t.text}
        </li>`,
      )}
    </ol>`;
  }

  private _lead(lead: LeadView) {
    if (this._editing)
      return html`<ll-lead-editor
        .lead=${lead}
        ?busy=${this._busy}
        @lead-save=${(e: CustomEvent<{ changes: Record<string, string | null> }>) => this._saveLead(lead.id, e.detail.changes)}
        @lead-cancel=${() => {
          this._editing = false;
        }}
      ></ll-lead-editor>`;
    const row = (label: string, v: string | null) => (v ? html`<dt>${label}</dt><dd>${v}</dd>` : nothing);
    return html`<dl>
        ${row('Name', lead.name)} ${row('Phone', lead.phone)} ${row('E-mail', lead.email)}
        ${row('Service', lead.service)} ${row('Reason', lead.reason)} ${row('Urgency', lead.urgency)}
        ${row('Preferred time', lead.preferredTime)} ${row('Address', lead.address)} ${row('Summary', lead.summary)}
      </dl>
      <p><wa-button appearance="outlined" size="small" @click=${() => {
        this._editing = true;
      }}>Edit lead</wa-button></p>`;
  }

  private _sync(lead: LeadView) {
    if (lead.sync.length === 0) return html`<p>No CRM connected. <a href="/app/connections">Connect one</a>.</p>`;
    const label: Record<SyncView['status'], string> = {
      synced: 'Synced',
      pending: 'Pending',
      failed: 'Failed',
      parked: 'Waiting for reconnection',
    };
    return html`<ul class="sync">
      ${lead.sync.map(
        (s) => html`<li>
          <strong>${PROVIDER_NAMES[s.provider] ?? s.provider}</strong>
          <wa-badge variant=${s.status === 'synced' ? 'success' : s.status === 'failed' ? 'danger' : 'neutral'}>${label[s.status]}</wa-badge>
          ${s.deepLink ? html`<a href=${s.deepLink} target="_blank" rel="noopener noreferrer">Open in ${PROVIDER_NAMES[s.provider] ?? s.provider}</a>` : nothing}
          ${s.error ? html`<span>${s.error}</span>` : nothing}
          ${s.status === 'failed' || s.status === 'parked' ? html`<wa-button size="small" @click=${() => this._retry(lead.id)}>Retry</wa-button>` : nothing}
        </li>`,
      )}
    </ul>`;
  }

  private _page({ call, lead, triage, members }: Loaded) {
    const caller = lead?.name ?? lead?.phone ?? call.from ?? 'Unknown caller';
    return html`
      <p><a href="/app/inbox">← Inbox</a></p>
      <h1>${caller}</h1>
      <p>
        ${when(call.startedAt)} · ${duration(call.durationSeconds)} · ${call.status.replace('_', ' ')}
        ${lead?.temperature ? html`<wa-badge variant=${temperatureVariant(lead.temperature)}>${lead.temperature}</wa-badge>` : nothing}
        ${triage.handledAt ? html`<wa-badge variant="success" appearance="outlined">Handled</wa-badge>` : nothing}
      </p>
      ${this._error ? html`<wa-callout variant="danger" role="alert">${this._error}</wa-callout>` : nothing}
      <div class="layout">
        <div>
          <section aria-labelledby="h-conv"><h2 id="h-conv">Conversation</h2>${this._transcript(call)}</section>
          <section aria-labelledby="h-consent">
            <h2 id="h-consent">Recording and consent</h2>
            ${call.recording?.url ? html`<ll-recording-player .callId=${call.id}></ll-recording-player>` : nothing}
            ${
              call.consent
                ? html`<dl>
                    <dt>Outcome</dt><dd>${call.consent.outcome}</dd>
                    <dt>Asked</dt><dd>${call.consent.promptText}</dd>
                    <dt>Answered</dt><dd>${when(call.consent.answeredAt)}${call.consent.method ? ` (${call.consent.method})` : ''}</dd>
                    <dt>Attempts</dt><dd>${call.consent.attempts}</dd>
                  </dl>`
                : html`<p>No consent was recorded for this call.</p>`
            }
          </section>
        </div>
        <div>
          <section aria-labelledby="h-triage">
            <h2 id="h-triage">Follow-up</h2>
            <div class="actions">
              ${
                triage.handledAt
                  ? html`<wa-button ?loading=${this._busy} @click=${() => this._setHandled(false)}>Mark not handled</wa-button>`
                  : html`<wa-button variant="success" ?loading=${this._busy} @click=${() => this._setHandled(true)}>Mark handled</wa-button>`
              }
              <wa-select label="Assigned to" value=${triage.assigneeId ?? ''} @change=${this._assign}>
                <wa-option value="">Nobody</wa-option>
                ${members.map((m) => html`<wa-option value=${m.accountId}>${m.name ?? m.email}</wa-option>`)}
              </wa-select>
            </div>
            ${triage.handledAt ? html`<p>Handled by ${triage.handledBy?.name ?? 'a former member'}, ${when(triage.handledAt)}.</p>` : nothing}
          </section>
          <section aria-labelledby="h-notes">
            <h2 id="h-notes">Internal notes</h2>
            <ul class="notes">
              ${triage.notes.map(
                (n) =>
                  html`<li>${n.body}<span class="byline">${n.author.name ?? 'former member'}, ${when(n.createdAt)}</span></li>`,
              )}
            </ul>
            <form @submit=${this._addNote}>
              <wa-textarea name="body" label="Add a note (only your team sees it)" rows="2" required></wa-textarea>
              <wa-button type="submit" ?loading=${this._busy}>Add note</wa-button>
            </form>
          </section>
          ${
            lead
              ? html`<section aria-labelledby="h-lead"><h2 id="h-lead">Lead</h2>${this._lead(lead)}</section>
                  <section aria-labelledby="h-sync"><h2 id="h-sync">CRM sync</h2>${this._sync(lead)}</section>`
              : html`<section><h2>Lead</h2><p>No lead was captured from this call.</p></section>`
          }
        </div>
      </div>
    `;
  }

  override render() {
    return this.data.render({
      pending: () =>
        this.data.value ? this._page(this.data.value) : html`<wa-spinner aria-label="Loading call"></wa-spinner>`,
      complete: (d) => this._page(d),
      error: (e) =>
        html`<h1>Call</h1><wa-callout variant="danger" role="alert">${e instanceof ApiError && e.status === 404 ? 'This call does not exist or belongs to another business.' : (e as Error).message}</wa-callout>`,
    });
  }
}
customElements.get('ll-call-page') || customElements.define('ll-call-page', CallPage);
