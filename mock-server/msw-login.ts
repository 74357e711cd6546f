// The authorization-code login under MSW in the browser. MSW's service worker leaves page
// navigations alone (only fetches reach the handlers), and the engine lives in the page's memory, so
// a redirect to the provider would leave the app and reach nothing. Instead the provider's real login
// and consent pages are fetched through the handlers and shown in a dialog inside the app; their form
// submits become fetches, and the redirect back to the app ends the dialog with the callback URL.

export interface AuthorizeInPageOptions {
  /** The app's redirect_uri: a response that lands there ends the login. */
  redirectUri: string;
  /** Where the dialog is attached (default document.body). */
  container?: HTMLElement;
  /** Cancels the login (the dialog closes, the promise rejects with the signal's reason). */
  signal?: AbortSignal;
}

export class AuthorizeInPageError extends Error {
  override name = 'AuthorizeInPageError';
}

const dialogTitle = 'Sign in with the mock provider';

function sameEndpoint(a: URL, b: URL): boolean {
  return a.origin === b.origin && a.pathname === b.pathname;
}

/**
 * Opens `authorizeUrl` (a full authorization request) in an in-page dialog and resolves with the URL
 * the provider redirected to: the app's redirect_uri with `code` and `state` (or `error`). The app
 * then handles it as its callback route would, without a page load (which would forget the mock's
 * state).
 */
function absoluteUrl(value: string | URL, field: string): URL {
  try {
    return new URL(value);
  } catch {
    throw new AuthorizeInPageError(`${field}: expected an absolute URL, found ${JSON.stringify(String(value))}`);
  }
}

export async function authorizeInPage(authorizeUrl: string | URL, options: AuthorizeInPageOptions): Promise<URL> {
  const start = absoluteUrl(authorizeUrl, 'authorizeUrl');
  const redirect = absoluteUrl(options?.redirectUri, 'options.redirectUri');
  const dialog = document.createElement('dialog');
  dialog.setAttribute('aria-label', dialogTitle);
  dialog.dataset.oauthConformance = 'login';
  dialog.style.cssText = 'width:min(32rem,95vw);height:min(36rem,90vh);padding:0;border:1px solid #888;border-radius:8px;display:flex;flex-direction:column';
  const frame = document.createElement('iframe');
  frame.title = dialogTitle;
  frame.style.cssText = 'flex:1;border:0;width:100%';
  const cancel = document.createElement('button');
  cancel.type = 'button';
  cancel.textContent = 'Cancel';
  cancel.style.cssText = 'margin:.5rem;align-self:flex-end';
  dialog.append(frame, cancel);
  (options.container ?? document.body).append(dialog);
  dialog.showModal();

  try {
    return await new Promise<URL>((resolve, reject) => {
      const fail = (reason: unknown) => reject(reason instanceof Error ? reason : new AuthorizeInPageError(String(reason)));
      cancel.addEventListener('click', () => fail(new AuthorizeInPageError('login cancelled')));
      dialog.addEventListener('cancel', () => fail(new AuthorizeInPageError('login cancelled')));
      if (options.signal) {
        if (options.signal.aborted) return fail(options.signal.reason);
        options.signal.addEventListener('abort', () => fail(options.signal!.reason), { once: true });
      }

      const step = async (url: URL, init?: RequestInit) => {
        let response: Response;
        try {
          // Redirects are followed: the last one lands on the app's own redirect_uri, whose URL
          // carries the result; what the app's server answers there is not read.
          response = await fetch(url, { ...init, redirect: 'follow' });
        } catch (e) {
          return fail(new AuthorizeInPageError(`fetching ${url.origin}${url.pathname} failed (${(e as Error).message}); is the MSW worker started and does the app's server answer ${redirect.href}?`));
        }
        const landed = new URL(response.url || url.href);
        if (sameEndpoint(landed, redirect)) return resolve(landed);
        const type = response.headers.get('content-type') ?? '';
        if (!type.startsWith('text/html')) {
          return fail(new AuthorizeInPageError(`the authorization endpoint answered ${response.status} ${type || 'without a content type'}, not a page`));
        }
        show(await response.text(), landed);
      };

      const show = (html: string, pageUrl: URL) => {
        frame.addEventListener(
          'load',
          () => {
            const doc = frame.contentDocument;
            if (!doc) return fail(new AuthorizeInPageError('the login page could not be shown'));
            doc.querySelector<HTMLElement>('[autofocus]')?.focus();
            doc.addEventListener('submit', (event) => {
              event.preventDefault();
              const form = event.target as HTMLFormElement;
              const submitter = (event as SubmitEvent).submitter;
              const data = new FormData(form, submitter);
              const action = new URL(form.getAttribute('action') ?? '', pageUrl);
              const fields = new URLSearchParams();
              for (const [k, v] of data) if (typeof v === 'string') fields.append(k, v);
              if ((form.method || 'get').toLowerCase() === 'post') void step(action, { method: 'POST', body: fields });
              else {
                action.search = fields.toString();
                void step(action);
              }
            });
          },
          { once: true },
        );
        frame.srcdoc = html;
      };

      void step(start);
    });
  } finally {
    dialog.close();
    dialog.remove();
  }
}
