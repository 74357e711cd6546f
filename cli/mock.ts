// `oauth-conformance mock`: serve a profile on node:http until SIGINT/SIGTERM.
import { startMockServer } from '../mock-server/index.ts';
import { signingAlgs, type SigningAlg } from '../mock-server/engine/keys.ts';
import { ListenError } from '../mock-server/node.ts';
import { defectNames, isDefectName } from '../mock-server/engine/defects.ts';
import { parseFlags } from './args.ts';
import { UsageError } from './usage-error.ts';

export const mockHelp = `usage: oauth-conformance mock --profile NAME|FILE [options]

  --profile NAME|FILE   built-in profile id or profile file (required)
  --port N              port (default 0: a free one, shown in the printed URL)
  --host H              address to bind (default 127.0.0.1)
  --alg A               JWT signing algorithm: ${signingAlgs.join(', ')}
  --keys FILE           private JWK to sign with (share it between instances)
  --issuer URL          public base URL (issuer, metadata) behind a proxy or mapped port
  --client-id, --client-secret, --api-key, --username, --password
                        replace the profile's first demo credentials
                        (also OAUTH_MOCK_CLIENT_ID, OAUTH_MOCK_CLIENT_SECRET, OAUTH_MOCK_API_KEY,
                        OAUTH_MOCK_USERNAME, OAUTH_MOCK_PASSWORD)
  --defect NAME         switch on a deliberate defect (repeatable; for proving suites):
                        ${defectNames.join(', ')}
  --admin-token T       require T in x-admin-token for /__admin (also OAUTH_MOCK_ADMIN_TOKEN);
                        without it admin answers loopback peers only
`;

export async function runMock(argv: string[], out: (l: string) => void, err: (l: string) => void): Promise<number> {
  const values = parseFlags(
    argv,
    {
      profile: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      alg: { type: 'string' },
      keys: { type: 'string' },
      issuer: { type: 'string' },
      'client-id': { type: 'string' },
      'client-secret': { type: 'string' },
      'api-key': { type: 'string' },
      username: { type: 'string' },
      password: { type: 'string' },
      'admin-token': { type: 'string' },
      defect: { type: 'string', multiple: true },
    },
    mockHelp,
  );
  if (values.help) {
    out(mockHelp);
    return 0;
  }
  if (!values.profile) throw new UsageError(`--profile is required\n\n${mockHelp}`);
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a whole number 0-65535, got "${values.port}"`);
  if (values.alg !== undefined && !(signingAlgs as readonly string[]).includes(values.alg)) throw new UsageError(`--alg must be one of ${signingAlgs.join(', ')}, got "${values.alg}"`);
  if (values.issuer !== undefined && !/^https?:\/\/[^/?#]+(\/[^?#]*)?$/.test(values.issuer)) throw new UsageError(`--issuer must be an http(s) URL without query or fragment, got "${values.issuer}"`);
  const bad = (values.defect ?? []).filter((d) => !isDefectName(d));
  if (bad.length) throw new UsageError(`unknown --defect ${bad.join(', ')}; known: ${defectNames.join(', ')}`);
  const defectList = (values.defect ?? []).filter(isDefectName);
  const env = process.env;
  const pick = (flag: string | undefined, name: string) => flag ?? (env[name] || undefined);
  const credentials = Object.fromEntries(
    Object.entries({
      clientId: pick(values['client-id'], 'OAUTH_MOCK_CLIENT_ID'),
      clientSecret: pick(values['client-secret'], 'OAUTH_MOCK_CLIENT_SECRET'),
      apiKey: pick(values['api-key'], 'OAUTH_MOCK_API_KEY'),
      username: pick(values.username, 'OAUTH_MOCK_USERNAME'),
      password: pick(values.password, 'OAUTH_MOCK_PASSWORD'),
    }).filter(([, v]) => v !== undefined),
  );
  const adminToken = pick(values['admin-token'], 'OAUTH_MOCK_ADMIN_TOKEN');
  const host = values.host ?? '127.0.0.1';
  let mock;
  try {
    mock = await startMockServer({
      profile: values.profile,
      port,
      host,
      ...(values.alg ? { alg: values.alg as SigningAlg } : {}),
      ...(values.keys ? { keys: values.keys } : {}),
      ...(values.issuer ? { issuer: values.issuer } : {}),
      ...(adminToken ? { adminToken } : {}),
      credentials,
      defects: defectList,
    });
  } catch (e) {
    if (e instanceof ListenError) throw new UsageError(e.message);
    throw e;
  }
  const p = mock.profile;
  const publicUrl = (values.issuer ?? mock.url).replace(/\/$/, '');
  const lines = [`mock ${p.id} (${p.title}) ready at ${publicUrl}`];
  for (const [name, ep] of Object.entries(p.endpoints)) if (ep) lines.push(`  ${name.padEnd(10)} ${publicUrl}${p.basePath}${ep.path}`);
  for (const r of p.resources) lines.push(`  resource   ${(r.method ?? 'GET').padEnd(6)} ${publicUrl}${p.basePath}${r.path}${r.scopes?.length ? `  (scope ${r.scopes.join(' ')})` : ''}`);
  // Demo credentials are printed on purpose: they are public fixtures a developer logs in with.
  const demo = mock.engine.demo;
  for (const c of demo.clients) lines.push(`  client     ${c.clientId}${c.clientSecret ? ` / ${c.clientSecret}` : ' (public)'}${c.grants ? `  grants: ${c.grants.join(', ')}` : ''}`);
  for (const u of demo.users) lines.push(`  user       ${u.username} / ${u.password}`);
  for (const k of demo.apiKeys) lines.push(`  api key    ${k.key}`);
  if (defectList.length) lines.push(`  DEFECTS    ${defectList.join(', ')} (deliberately non-conformant)`);
  lines.push(`  admin      ${publicUrl}/__admin${adminToken ? ' (x-admin-token required)' : ' (loopback only)'}`);
  out(lines.join('\n'));
  if (host !== '127.0.0.1' && host !== '::1' && host !== 'localhost' && !adminToken) err('note: bound beyond loopback; admin still answers loopback peers only (set --admin-token to open it)');
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await mock.close();
  out('mock stopped');
  return 0;
}
