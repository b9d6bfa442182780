import { ContextConsumer } from '@lit/context';
import type { LitElement } from 'lit';
import { type Session, sessionContext } from '../session.ts';

/** The shell's session, for a page: `this.session.value`. */
export const useSession = (host: LitElement) => new ContextConsumer(host, { context: sessionContext, subscribe: true });

export function sessionOf(c: ContextConsumer<{ __context__: Session }, LitElement>): Session {
  if (!c.value) throw new Error('no <leadline-console> above this page');
  return c.value;
}
