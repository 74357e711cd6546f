// Auth mocking for this app: the provider's flows from a profile, served by MSW's service worker.
// These are the "three lines" of the README, plus the app's own client registration.
import { setupWorker } from 'msw/browser';
import { createAuthHandlers, type AuthHandlers } from 'oauth-conformance/msw';
import { providers, type ProviderChoice } from './providers.ts';

export async function startAuthMock(choice: ProviderChoice): Promise<AuthHandlers> {
  const provider = providers[choice];
  const auth = await createAuthHandlers({
    profile: provider.profile,
    baseUrl: provider.baseUrl,
    // The app's own client: its redirect URI is wherever this dev server runs.
    clients: [{ clientId: provider.clientId, ...(provider.clientSecret ? { clientSecret: provider.clientSecret } : {}), redirectUris: [`${location.origin}/callback`], postLogoutRedirectUris: provider.kind === 'oidc' ? [`${location.origin}/signed-out`] : [], grants: ['authorization_code', 'refresh_token'] }],
  });
  await setupWorker(...auth.handlers).start({ onUnhandledRequest: 'bypass', quiet: true });
  return auth;
}
