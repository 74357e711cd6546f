// Worked example: panva's openid-client as a device client (a CLI, a TV app): the device authorization
// request, the codes shown to the user, then the library's own polling, which keeps the interval and
// backs off on slow_down (RFC 8628 §3.5). close() aborts a sign-in still polling.
import * as oidc from 'openid-client';
import type { CreateClient } from '../../suites/client/adapter.ts';

const create: CreateClient = async (ctx) => {
  const device = ctx.device;
  const issuer = new URL(ctx.baseUrl + ctx.profile.basePath);
  const stop = new AbortController();
  let accessToken: string | undefined;
  return {
    async deviceSignIn(user) {
      if (!device) return { accepted: false, error: 'the profile has no device authorization grant' };
      // The mock listens on http://127.0.0.1; the library refuses plain HTTP unless told.
      const config = await oidc.discovery(issuer, device.clientId, device.clientSecret, device.clientSecret ? undefined : oidc.None(), { execute: [oidc.allowInsecureRequests], algorithm: 'oauth2' });
      const started = await oidc.initiateDeviceAuthorization(config, device.scope ? { scope: device.scope } : {});
      user.show({ userCode: started.user_code, verificationUri: started.verification_uri, ...(started.verification_uri_complete ? { verificationUriComplete: started.verification_uri_complete } : {}) });
      try {
        const tokens = await oidc.pollDeviceAuthorizationGrant(config, started, undefined, { signal: stop.signal });
        accessToken = tokens.access_token;
        return { accepted: true };
      } catch (e) {
        return { accepted: false, error: `${(e as { error?: string }).error ?? (e as { code?: string }).code ?? ''} ${(e as Error).message}`.trim() };
      }
    },
    async call() {
      const res = await fetch(ctx.resource.url, { method: ctx.resource.method, headers: accessToken ? { authorization: `Bearer ${accessToken}` } : {} });
      return { status: res.status };
    },
    async close() {
      stop.abort();
    },
  };
};

export default create;
