/** Pages call this to have the shell's polite live region (role="status") speak. */
export function announce(from: EventTarget, text: string): void {
  from.dispatchEvent(new CustomEvent('announce', { detail: text, bubbles: true, composed: true }));
}
