/** Typed DOM events of the console's components: `emit(this, 'lead-save', { changes })`. */
export interface ConsoleEventMap {
  'lead-save': { changes: Record<string, string | null> };
  'lead-cancel': Record<string, never>;
}

export function emit<K extends keyof ConsoleEventMap>(el: EventTarget, name: K, detail: ConsoleEventMap[K]): void {
  el.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
}

declare global {
  interface HTMLElementEventMap {
    'lead-save': CustomEvent<ConsoleEventMap['lead-save']>;
    'lead-cancel': CustomEvent<ConsoleEventMap['lead-cancel']>;
  }
}
