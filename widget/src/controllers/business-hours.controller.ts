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
  private readonly _host: ReactiveControllerHost;
  private readonly _onChange: () => void;
  private _business: BusinessInfo | null = null;
  private _timer: ReturnType<typeof setTimeout> | undefined;

  constructor(host: ReactiveControllerHost, onChange: () => void) {
    this._host = host;
    this._onChange = onChange;
    host.addController(this);
  }

  set(business: BusinessInfo | null): void {
    this._business = business;
    this._arm();
  }

  state(labels: Labels): { open: boolean; text: string } | null {
    return this._business ? openStateText(this._business, labels, Date.now()) : null;
  }

  hostConnected(): void {
    this._arm();
  }

  hostDisconnected(): void {
    clearTimeout(this._timer);
  }

  private _arm(): void {
    clearTimeout(this._timer);
    const at = this._business?.nextChange ? Date.parse(this._business.nextChange) : NaN;
    const delay = at - Date.now();
    if (!Number.isFinite(delay) || delay < 0 || delay > MAX_DELAY) return;
    this._timer = setTimeout(() => {
      this._host.requestUpdate();
      this._onChange();
    }, delay + 250);
  }
}
