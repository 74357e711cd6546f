// The example app's page: wires buttons to the auth client and the mock's admin controls.
import { AuthClient } from './auth.ts';
import { McpAuthClient } from './mcp-auth.ts';
import { OidcAuthClient } from './oidc-auth.ts';
import { DpopAuthClient } from './dpop-auth.ts';
import { startAuthMock } from './mocks.ts';
import { providerChoice, providers } from './providers.ts';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const log = (line: string) => {
  const li = document.createElement('li');
  li.textContent = line;
  $('log').append(li);
};
const status = (text: string) => {
  $('status').textContent = text;
};

const choice = providerChoice(location.search);
const provider = providers[choice];
$('provider').textContent = choice;

const auth = await startAuthMock(choice);
// For the browser console and for tests that prefer code to buttons.
Object.assign(window, { authMock: auth });

const callback = `${location.origin}/callback`;
const client =
  provider.kind === 'oidc' ? new OidcAuthClient(provider, callback, `${location.origin}/signed-out`, log) : provider.kind === 'mcp' ? new McpAuthClient(provider, callback, log) : provider.kind === 'dpop' ? new DpopAuthClient(provider, callback, log) : new AuthClient(provider, callback, log);
const signedIn = (yes: boolean) => {
  status(yes ? 'Signed in' : 'Signed out');
  $<HTMLButtonElement>('sign-in').disabled = yes;
  $<HTMLButtonElement>('call-api').disabled = !yes;
  $<HTMLButtonElement>('sign-out').disabled = !yes;
};
signedIn(Boolean(client.tokens));

$('sign-in').addEventListener('click', async () => {
  try {
    await client.signIn();
    signedIn(true);
  } catch (e) {
    log(`sign-in failed: ${(e as Error).message}`);
    signedIn(false);
  }
});
$('call-api').addEventListener('click', async () => {
  const response = await client.api(provider.api);
  $('result').textContent = `${response.status} ${await response.text()}`;
  signedIn(Boolean(client.tokens));
});
$('sign-out').addEventListener('click', async () => {
  await client.signOut();
  signedIn(false);
  log('signed out');
});
$('expire').addEventListener('click', () => {
  auth.admin.advanceClock((auth.profile.accessToken.lifetime ?? 3600) + 1);
  log('mock: clock moved past the token lifetime');
});
$('fail-token').addEventListener('click', () => {
  const path = new URL(provider.token).pathname;
  auth.admin.addFault({ method: 'POST', path, status: 503, body: { error: 'temporarily_unavailable' }, times: 1 });
  log(`mock: next POST ${path} answers 503`);
});
$('reset').addEventListener('click', async () => {
  await auth.admin.reset();
  log('mock: reset (tokens forgotten)');
});
