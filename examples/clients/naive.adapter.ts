// Adapter for the naive client (clients/naive-client.ts), which the client suite must catch.
import { NaiveClient } from '../../clients/naive-client.ts';
import type { CreateClient } from '../../suites/client/adapter.ts';

const create: CreateClient = async (ctx) => {
  const client = new NaiveClient({ baseUrl: ctx.baseUrl, profile: ctx.profile, credentials: ctx.credentials });
  return { call: async () => ({ status: (await client.call(ctx.resource.method, ctx.resource.url)).status }) };
};
export default create;
