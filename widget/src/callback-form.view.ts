import { html, nothing, type TemplateResult } from 'lit';
import { fill, type Labels } from './labels.ts';
import { MAX_REASON, type FieldErrors } from './validate.ts';

export interface FormViewProps {
  labels: Labels;
  businessName: string;
  errors: FieldErrors;
  formError: string;
  busy: boolean;
  onSubmit(e: SubmitEvent): void;
  onInput(e: Event): void;
}

/** aria-invalid/aria-describedby only while the field has an error, so screen readers read it with the field. */
const invalid = (errors: FieldErrors, f: keyof FieldErrors) => (errors[f] ? 'true' : nothing);
const describedBy = (errors: FieldErrors, f: keyof FieldErrors) => (errors[f] ? f + '-err' : nothing);
const error = (errors: FieldErrors, f: keyof FieldErrors) =>
  errors[f] ? html`<p id=${f + '-err'} class="err" part="error">${errors[f]}</p>` : nothing;

/**
 * The "Call me back" form. Inputs are uncontrolled (read through FormData on submit) and the form is
 * dropped from the DOM once sent, so nothing the visitor typed lingers in the page.
 */
export function renderForm(p: FormViewProps): TemplateResult {
  const { labels: L, errors: E } = p;
  return html`<form part="form" novalidate @submit=${p.onSubmit} @input=${p.onInput} aria-labelledby="form-title">
    <h3 id="form-title" class="muted">${L.formTitle}</h3>
    <label part="label"
      >${L.name}
      <input part="input" class="f" type="text" name="name" autocomplete="name" maxlength="100" required
        aria-invalid=${invalid(E, 'name')} aria-describedby=${describedBy(E, 'name')} />
    </label>
    ${error(E, 'name')}
    <label part="label"
      >${L.phone}
      <input part="input" class="f" type="tel" name="phone" autocomplete="tel" inputmode="tel" maxlength="32" required
        aria-invalid=${invalid(E, 'phone')} aria-describedby=${describedBy(E, 'phone')} />
    </label>
    ${error(E, 'phone')}
    <label part="label"
      >${L.reason}
      <textarea part="input" class="f" name="reason" rows="2" maxlength=${MAX_REASON}
        aria-invalid=${invalid(E, 'reason')} aria-describedby=${describedBy(E, 'reason')}></textarea>
    </label>
    ${error(E, 'reason')}
    <label part="checkbox" class="check"
      ><input type="checkbox" name="consentCall" required
        aria-invalid=${invalid(E, 'consentCall')} aria-describedby=${describedBy(E, 'consentCall')} />
      <span>${fill(L.consentCall, { business: p.businessName })}</span>
    </label>
    ${error(E, 'consentCall')}
    <label part="checkbox" class="check"><input type="checkbox" name="consentSms" /><span>${L.consentSms}</span></label>
    <div class="hp" aria-hidden="true">
      <label>${L.website}<input type="text" name="website" tabindex="-1" autocomplete="off" /></label>
    </div>
    ${p.formError ? html`<p class="err" part="error" role="alert">${p.formError}</p>` : nothing}
    <button part="button" class="btn" type="submit" ?disabled=${p.busy}>${p.busy ? L.submitting : L.submit}</button>
  </form>`;
}

export interface CodeViewProps {
  labels: Labels;
  errors: FieldErrors;
  busy: boolean;
  /** Shortly after a code was sent, another may not be (the resend button is disabled). */
  cooling: boolean;
  onSubmit(e: SubmitEvent): void;
  onInput(e: Event): void;
  onResend(): void;
}

/**
 * The SMS code step, when the business confirms numbers: one six-digit field, then the callback is sent.
 * Where the code went is announced (and shown) by the status region.
 */
export function renderCode(p: CodeViewProps): TemplateResult {
  const { labels: L, errors: E } = p;
  return html`<form part="form" novalidate @submit=${p.onSubmit} @input=${p.onInput} aria-labelledby="form-title">
    <h3 id="form-title" class="muted">${L.codeTitle}</h3>
    <label part="label"
      >${L.code}
      <input part="input" class="f" name="code" autocomplete="one-time-code" inputmode="numeric"
        maxlength="6" required aria-invalid=${invalid(E, 'code')} aria-describedby=${describedBy(E, 'code')} />
    </label>
    ${error(E, 'code')}
    <button part="button" class="btn" type="submit" ?disabled=${p.busy}>${p.busy ? L.codeChecking : L.codeSubmit}</button>
    <button part="button" class="btn" type="button" ?disabled=${p.busy || p.cooling} @click=${p.onResend}>
      ${L.codeResend}
    </button>
  </form>`;
}
