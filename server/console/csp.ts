/**
 * The console's Content-Security-Policy: our own origin only, no inline script or style, no eval.
 * `data:` is allowed for images (Web Awesome's CSS draws checkmarks and carets as data: SVG masks) and
 * for connect (its <wa-icon> fetches the built-in system icons from data: URIs); neither reaches a network.
 */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self' data:",
  "media-src 'self'",
  "frame-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');
