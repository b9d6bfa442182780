/** Account fixtures for tests whose subject is not sign-up itself. */
import type { TestApp } from './app.ts';
import { signup } from './http.ts';

/**
 * A signed-up account whose e-mail counts as verified, for tests of what verified accounts may do. The
 * verification flow itself is tested through the mail it sends (test/platform/auth.test.ts).
 */
export async function verifiedSignup(app: TestApp, tag?: string) {
  const user = await signup(app.url, tag);
  await app.ctx.db.account.update({ where: { email: user.email }, data: { emailVerifiedAt: new Date() } });
  return user;
}
