import { LeadlineWidget } from './leadline-widget.component.ts';

export const TAG = 'leadline-widget';

/**
 * Registers the element unless something already did (the snippet pasted twice, or two builds of the
 * widget on one page): a second `define` of the same name throws.
 */
export function defineLeadline(): typeof LeadlineWidget {
  const existing = customElements.get(TAG) as typeof LeadlineWidget | undefined;
  if (existing) return existing;
  customElements.define(TAG, LeadlineWidget);
  return LeadlineWidget;
}

declare global {
  interface HTMLElementTagNameMap {
    'leadline-widget': LeadlineWidget;
  }
}
