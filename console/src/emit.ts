/** Typed DOM events of the console's components. */
export interface ConsoleEventMap {
  'call-updated': { callId: string };
  'note-added': { callId: string; noteId: string };
}

export function emit<K extends keyof ConsoleEventMap>(el: EventTarget, name: K, detail: ConsoleEventMap[K]): void {
  el.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
}

declare global {
  interface HTMLElementEventMap {
    'call-updated': CustomEvent<ConsoleEventMap['call-updated']>;
    'note-added': CustomEvent<ConsoleEventMap['note-added']>;
  }
}
