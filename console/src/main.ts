/**
 * Console entry: Web Awesome's icons from its built-in set (never its CDN), light or dark from the
 * system setting, then the shell. Pages are separate chunks, loaded by the shell's router.
 */
import { registerIconLibrary } from '@awesome.me/webawesome/dist/components/icon/library.js';
import systemLibrary from '@awesome.me/webawesome/dist/components/icon/library.system.js';
import { ConsoleShell } from './shell/console-shell.component.ts';

// Components ask the "default" library for their chevrons and close buttons; it would fetch from a CDN.
registerIconLibrary('default', { resolver: systemLibrary.resolver, mutator: systemLibrary.mutator });

const dark = matchMedia('(prefers-color-scheme: dark)');
const applyScheme = () => document.documentElement.classList.toggle('wa-dark', dark.matches);
applyScheme();
dark.addEventListener('change', applyScheme);

if (!customElements.get('leadline-console')) customElements.define('leadline-console', ConsoleShell);
