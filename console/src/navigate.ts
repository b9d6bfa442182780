/**
 * Client-side navigation: pushes history and tells the shell, which owns the router. Links (<a href>)
 * need nothing: the router intercepts same-origin clicks itself.
 */
export function navigate(path: string): void {
  history.pushState({}, '', path);
  window.dispatchEvent(new PopStateEvent('popstate'));
}
