/**
 * Entry of widget.js. The snippet:
 *   <script async src="https://HOST/widget.js" data-key="pk_…"></script>
 * mounts one floating widget. Pages may queue calls before the script has loaded:
 *   window.Leadline = window.Leadline || function(){(Leadline.q=Leadline.q||[]).push(arguments)};
 *   Leadline('on', 'status', fn); Leadline('open');
 * Nothing is left on `window` but `Leadline` (and the custom element registry entry).
 */
import { defineLeadline, TAG } from './define.ts';
import { setDefaultApiBase, type LeadlineWidget } from './leadline-widget.component.ts';

type Handler = (detail: unknown) => void;
export interface LeadlineApi {
  (command: string, name?: unknown, fn?: unknown): void;
  q?: ArrayLike<unknown>[];
  /** Marks the real implementation, so a second copy of the snippet backs off. */
  loaded?: true;
}

declare global {
  interface Window {
    Leadline?: LeadlineApi;
  }
}

// Read synchronously: currentScript is only set while this classic script runs its first pass.
const script = document.currentScript as HTMLScriptElement | null;
const previous = window.Leadline;

if (!previous?.loaded) {
  if (script?.src) setDefaultApiBase(new URL(script.src).origin);
  defineLeadline();

  const key = script?.dataset.key;
  let floating: LeadlineWidget | null = null;
  if (key && !document.querySelector(`${TAG}[mode=floating]`)) {
    const el = document.createElement(TAG);
    el.mode = 'floating';
    el.key = key;
    floating = el;
    const mount = () => document.body.append(el);
    if (document.body) mount();
    else document.addEventListener('DOMContentLoaded', mount, { once: true });
  }

  const target = () => floating ?? document.querySelector(TAG);
  // fn → event name → the wrapper we registered, so `off` can find it.
  const wrappers = new WeakMap<Handler, Record<string, EventListener>>();

  const api: LeadlineApi = (command, name, fn) => {
    // Listening on document catches inline widgets too: the events bubble and are composed.
    const ev = 'leadline:' + String(name);
    const mine = typeof fn === 'function' ? (wrappers.get(fn as Handler) ?? {}) : {};
    if (command === 'open' || command === 'close') target()?.toggleAttribute('open', command === 'open');
    else if (command === 'on' && typeof fn === 'function' && !mine[ev]) {
      const listener = (e: Event) => (fn as Handler)((e as CustomEvent).detail);
      mine[ev] = listener;
      document.addEventListener(ev, listener);
      wrappers.set(fn as Handler, mine);
    } else if (command === 'off' && mine[ev]) {
      document.removeEventListener(ev, mine[ev]);
      delete mine[ev];
    } else console.warn('[leadline] ignored', command, name);
  };
  api.loaded = true;
  window.Leadline = api;
  for (const args of previous?.q ?? []) api(...(Array.from(args) as [string, unknown?, unknown?]));
}
