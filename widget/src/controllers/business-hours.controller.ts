import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { openStateText, type BusinessInfo } from '../hours.ts';
import type { Labels } from '../labels.ts';

// setTimeout fires at once for delays above 2^31-1 ms; a change that far away is re-armed on the next config.
const MAX_DELAY = 2_147_483_647;

/**
 * Keeps "Open now" / "Closed" true while the page stays open: re-renders when `nextChange` passes and
 * asks the host to refresh the config (which carries the following change).
 */
export class BusinessHoursController implements ReactiveController {
  private readonly host: ReactiveControllerHost;
  private readonly onChange: () => void;
  private business: BusinessInfo | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(host: ReactiveControllerHost, onChange: () => void) {
    this.host = host;
    this.onChange = onChange;
    host.addController(this);
  }

  set(business: BusinessInfo | null): void {
    this.business = business;
    this.arm();
  }

  state(labels: Labels, locale?: string): { open: boolean; text: string; next: string } | null {
    return this.business ? openStateText(this.business, labels, Date.now(), locale) : null;
  }

  hostConnected(): void {
    this.arm();
  }

  hostDisconnected(): void {
    clearTimeout(this.timer);
  }

  private arm(): void {
    clearTimeout(this.timer);
    const at = this.business?.nextChange ? Date.parse(this.business.nextChange) : NaN;
    const delay = at - Date.now();
    if (!Number.isFinite(delay) || delay < 0 || delay > MAX_DELAY) return;
    this.timer = setTimeout(() => {
      this.host.requestUpdate();
      this.onChange();
    }, delay + 250);
  }
}
