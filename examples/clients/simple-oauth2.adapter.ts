// Worked example: simple-oauth2 (the library seed 000 shows) as the client under test, for profiles
// with the client_credentials grant. The library fetches tokens; the adapter does what an
// application using it ordinarily does: keep the token, ask for a new one when it has expired, and
// once more when the API answers 401 (seeds 001 and 003).
import { ClientCredentials, type AccessToken } from 'simple-oauth2';
import type { CreateClient } from '../../suites/client/adapter.ts';

const create: CreateClient = async (ctx) => {
  const tokenPath = ctx.profile.basePath + (ctx.profile.endpoints.token?.path ?? '/oauth/token');
  const client = new ClientCredentials({
    client: { id: ctx.credentials.clientId ?? '', secret: ctx.credentials.clientSecret ?? '' },
    auth: { tokenHost: ctx.baseUrl, tokenPath },
  });
  let token: AccessToken | undefined;
  return {
    async call() {
      if (!token || token.expired(30)) token = await client.getToken({});
      const send = (t: AccessToken) => fetch(ctx.resource.url, { method: ctx.resource.method, headers: { authorization: `Bearer ${String(t.token.access_token)}` } });
      let res = await send(token);
      if (res.status === 401) {
        token = await client.getToken({});
        res = await send(token);
      }
      return { status: res.status };
    },
  };
};
export default create;
