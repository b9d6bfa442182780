/** The sign-in chunk: every page a visitor without a session can reach. */
import { LoginPage } from './login.page.ts';
import { ResetPage } from './reset.page.ts';
import { SignupPage } from './signup.page.ts';
import { VerifyPage } from './verify.page.ts';

const define = (tag: string, c: CustomElementConstructor) => customElements.get(tag) || customElements.define(tag, c);
define('ll-login-page', LoginPage);
define('ll-signup-page', SignupPage);
define('ll-verify-page', VerifyPage);
define('ll-reset-page', ResetPage);
