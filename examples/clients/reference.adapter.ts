// Adapter for the reference client (clients/reference-client.ts).
import { ReferenceClient } from '../../clients/reference-client.ts';
import type { CreateClient } from '../../suites/client/adapter.ts';

const create: CreateClient = async (ctx) => {
  const client = new ReferenceClient({ baseUrl: ctx.baseUrl, profile: ctx.profile, credentials: ctx.credentials });
  return { call: async () => ({ status: (await client.call(ctx.resource.method, ctx.resource.url)).status }) };
};
export default create;
