// A deliberately careless device client, so the device client checks can be seen to catch one: it
// polls four times a second whatever the interval, takes slow_down as "keep going", and after
// access_denied or expired_token polls on for a while before giving up. Never copy it.
import type { CreateClient } from '../../suites/client/adapter.ts';

const create: CreateClient = async (ctx) => {
  const base = ctx.baseUrl + ctx.profile.basePath;
  let stopped = false;
  return {
    async deviceSignIn(user) {
      const device = ctx.device!;
      const form = (fields: Record<string, string>) => ({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ client_id: device.clientId, ...fields }).toString() });
      const started = (await (await fetch(`${base}${ctx.profile.endpoints.deviceAuthorization!.path}`, form(device.scope ? { scope: device.scope } : {}))).json()) as { device_code: string; user_code: string; verification_uri: string };
      user.show({ userCode: started.user_code, verificationUri: started.verification_uri });
      let refusals = 0;
      while (!stopped) {
        await new Promise((r) => setTimeout(r, 250));
        const res = await fetch(`${base}${ctx.profile.endpoints.token!.path}`, form({ grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code: started.device_code }));
        const body = (await res.json()) as { access_token?: string; error?: string };
        if (body.access_token) return { accepted: true };
        // "Maybe it was a glitch": a refusal is retried a few times before the client gives up.
        if (body.error !== 'authorization_pending' && body.error !== 'slow_down' && ++refusals > 8) return { accepted: false, error: body.error ?? String(res.status) };
      }
      return { accepted: false, error: 'stopped' };
    },
    async call() {
      return { status: (await fetch(ctx.resource.url)).status };
    },
    async close() {
      stopped = true;
    },
  };
};

export default create;
