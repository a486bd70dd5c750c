/**
 * A minimal cookie-keeping browser for the server-rendered pages (no JavaScript needed), so the
 * security tests drive sign-in, sessions and CSRF exactly as a visitor's browser would.
 */
export interface Page {
  status: number;
  html: string;
  headers: Headers;
  location: string | null;
}

export class Browser {
  readonly jar = new Map<string, string>();
  constructor(private readonly base: string) {}

  cookieHeader(): string {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keep(res: Response): void {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = (pair ?? '').indexOf('=');
      if (i > 0) this.jar.set((pair as string).slice(0, i).trim(), (pair as string).slice(i + 1));
    }
  }

  async get(path: string, headers: Record<string, string> = {}): Promise<Page> {
    const res = await fetch(`${this.base}${path}`, {
      redirect: 'manual',
      headers: { cookie: this.cookieHeader(), ...headers },
    });
    this.keep(res);
    return { status: res.status, html: await res.text(), headers: res.headers, location: res.headers.get('location') };
  }

  async post(path: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<Page> {
    const res = await fetch(`${this.base}${path}`, {
      method: 'POST',
      redirect: 'manual',
      body: new URLSearchParams(form).toString(),
      headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded', ...headers },
    });
    this.keep(res);
    return { status: res.status, html: await res.text(), headers: res.headers, location: res.headers.get('location') };
  }

  /** The CSRF token the page's forms carry. */
  static csrf(html: string): string {
    const m = /name="_csrf"\s+value="([^"]+)"/.exec(html) ?? /value="([^"]+)"\s+name="_csrf"/.exec(html);
    if (!m) throw new Error('the page has no _csrf field');
    return (m[1] as string).replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');
  }

  /** Sign in with a token through the login form; returns the answer to the form post. */
  async signIn(token: string): Promise<Page> {
    const login = await this.get('/login');
    return this.post('/login', { token, _csrf: Browser.csrf(login.html), next: '/' });
  }
}
