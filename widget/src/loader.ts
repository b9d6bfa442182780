/**
 * Entry of widget.js. The snippet:
 *   <script async src="https://HOST/widget.js" data-key="pk_…"></script>
 * mounts one floating widget. Pages may queue calls before the script has loaded:
 *   window.Leadline = window.Leadline || function(){(Leadline.q=Leadline.q||[]).push(arguments)};
 *   Leadline('on', 'status', fn); Leadline('open');
 * Nothing is left on `window` but `Leadline` (and the custom element registry entry).
 */
import { defineLeadline, TAG } from './define.ts';
import type { LeadlineEventMap } from './emit.ts';
import { setDefaultApiBase, type LeadlineWidget } from './leadline-widget.component.ts';

type Handler = (detail: unknown) => void;
export interface LeadlineApi {
  (command: string, ...args: unknown[]): void;
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
  const wrappers = new Map<Handler, Map<string, EventListener>>();
  const eventName = (name: unknown) => {
    const full = 'leadline:' + String(name);
    return (['leadline:status', 'leadline:submitted'] satisfies (keyof LeadlineEventMap)[] as string[]).includes(full) ? full : null;
  };

  const api: LeadlineApi = (command, ...args) => {
    const [name, fn] = args as [unknown, Handler];
    switch (command) {
      case 'open':
        target()?.show();
        return;
      case 'close':
        target()?.hide();
        return;
      case 'on': {
        const ev = eventName(name);
        if (!ev || typeof fn !== 'function') break;
        const byName = wrappers.get(fn) ?? new Map<string, EventListener>();
        if (byName.has(ev)) return;
        const listener: EventListener = (e) => fn((e as CustomEvent).detail);
        byName.set(ev, listener);
        wrappers.set(fn, byName);
        // Listening on document catches inline widgets too: the events bubble and are composed.
        document.addEventListener(ev, listener);
        return;
      }
      case 'off': {
        const ev = eventName(name);
        const listener = ev && wrappers.get(fn)?.get(ev);
        if (!ev || !listener) return;
        document.removeEventListener(ev, listener);
        wrappers.get(fn)!.delete(ev);
        return;
      }
    }
    console.warn('[leadline] unknown call', command, ...args);
  };
  api.loaded = true;
  window.Leadline = api;
  for (const args of previous?.q ?? []) api(...(Array.from(args) as [string, ...unknown[]]));
}
