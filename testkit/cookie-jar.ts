/** One browser's cookies for one site, kept across fetches the way a browser keeps them (names and values only). */
export function cookieJar() {
  const jar = new Map<string, string>();
  return {
    jar,
    /** Cookie header for the next request to the site. */
    header(): Record<string, string> {
      return jar.size ? { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } : {};
    },
    /** Takes in the response's Set-Cookie headers (a cleared cookie is removed). */
    async keep(res: Promise<Response>): Promise<Response> {
      const r = await res;
      for (const c of r.headers.getSetCookie()) {
        const [pair = '', ...attrs] = c.split(';');
        const eq = pair.indexOf('=');
        const name = pair.slice(0, eq).trim();
        const cleared = attrs.some((a) => /^\s*(max-age=0|expires=thu, 01 jan 1970)/i.test(a));
        if (cleared) jar.delete(name);
        else jar.set(name, pair.slice(eq + 1).trim());
      }
      return r;
    },
  };
}
