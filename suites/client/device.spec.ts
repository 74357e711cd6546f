// Device clients (RFC 8628): the mock plays the authorization server, the suite plays the user on the
// other screen (the verification page, by plain HTTP), and each check watches how the client polls.
// Times are the mock's recorded request times, on its clock, which only the expiry check moves.
import type { RecordedExchange } from '../../mock-server/index.ts';
import type { DevicePrompt, SignInOutcome } from './adapter.ts';
import { clientCheck, expect, type ClientCheckContext } from './fixtures.ts';

// The mock's own tolerance for timer jitter: a poll at 80% of the interval still counts as waiting it.
const tolerance = 0.8;

interface Played {
  prompt: DevicePrompt | undefined;
  /** The device's polls of the token endpoint, in order. */
  polls: RecordedExchange[];
  /** The sign-in's end, or undefined when it had not ended when the suite stopped watching. */
  outcome: SignInOutcome | undefined;
  /** Seconds the suite watched after the user acted. */
  watched: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function polls(c: ClientCheckContext): RecordedExchange[] {
  return c.traffic().token.filter((r) => r.method === 'POST' && new URLSearchParams(r.body).get('grant_type') === 'urn:ietf:params:oauth:grant-type:device_code');
}

const errorOf = (r: RecordedExchange | undefined) => {
  try {
    return (JSON.parse(r?.responseBody ?? '{}') as { error?: string }).error;
  } catch {
    return undefined;
  }
};

async function until(what: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (!what()) {
    if (Date.now() > end) return false;
    await sleep(50);
  }
  return true;
}

/**
 * One device sign-in: the client starts it and shows its codes; after `pollsFirst` polls the user acts
 * (`allow`, `deny`, or `expire`: nobody acts and the code outlives its lifetime); the suite then watches
 * until the sign-in ends, or for a few intervals more.
 */
async function play(c: ClientCheckContext, act: 'allow' | 'deny' | 'expire', pollsFirst: number, o: { slowDown?: boolean } = {}): Promise<Played> {
  const d = c.profile.deviceAuthorization;
  if (!d) c.notApplicable('the profile has no device authorization grant');
  if (!c.client.deviceSignIn) c.notApplicable('the adapter offers no deviceSignIn: the client is not driven as a device client');
  const tokenPath = c.profile.basePath + c.profile.endpoints.token!.path;
  if (o.slowDown) c.mock.admin.addFault({ id: 'slow-down', method: 'POST', path: tokenPath, status: 400, body: { error: 'slow_down', error_description: 'polling too fast (a fault rule of the suite)' }, headers: { 'cache-control': 'no-store' }, times: 1 });
  let prompt: DevicePrompt | undefined;
  let outcome: SignInOutcome | undefined;
  const signIn = c.client.deviceSignIn({ show: (p) => void (prompt = p) }).then(
    (r) => void (outcome = r),
    (e: unknown) => void (outcome = { accepted: false, error: `threw: ${(e as Error).message}` }),
  );
  // The longest a correct client may wait between polls here: the interval, raised once by slow_down.
  const wait = (d.interval + (o.slowDown ? 5 : 0)) * 1000;
  if (!(await until(() => prompt !== undefined || outcome !== undefined, 15_000))) c.notJudged('the client showed no user code within 15 s of starting (no DeviceUser.show call)');
  if (!prompt) c.notJudged(`the device sign-in ended before showing a code: ${outcome?.error ?? 'no error'}`);
  if (!(await until(() => polls(c).length >= pollsFirst || outcome !== undefined, wait * (pollsFirst + 1) + 3000))) c.notJudged(`the client did not poll ${pollsFirst} times within ${Math.round((wait * (pollsFirst + 1) + 3000) / 1000)} s`);
  const page = `${c.mock.url}${c.profile.basePath}${d.verificationPath}`;
  const { username = '', password = '' } = c.context.credentials;
  const fields = { username: c.profile.mock.loginPage?.usernameField ?? 'username', password: c.profile.mock.loginPage?.passwordField ?? 'password' };
  if (act === 'expire') c.mock.admin.advanceClock(d.lifetime + 1);
  else {
    const r = await fetch(page, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ user_code: prompt.userCode, [fields.username]: username, [fields.password]: password, decision: act }) });
    if (r.status !== 200) c.notJudged(`the verification page refused the code the client showed (${r.status})`);
  }
  // The sign-in ends within a poll or two of the decision; a client still polling is watched a while longer.
  const acted = Date.now();
  await Promise.race([signIn, sleep(wait * 2 + 3000)]);
  await sleep(Math.min(wait, 2000));
  return { prompt, polls: polls(c), outcome, watched: Math.round((Date.now() - acted) / 1000) };
}

/** Gaps between successive polls, in seconds, from the mock's recorded times. */
function gaps(list: RecordedExchange[]): number[] {
  return list.slice(1).map((r, i) => (Date.parse(r.time) - Date.parse(list[i]!.time)) / 1000);
}

clientCheck('client.device.shows-code', { requires: [] }, async (c) => {
  const played = await play(c, 'allow', 1);
  const issued = c.traffic().all.find((r) => r.method === 'POST' && r.path === c.profile.basePath + c.profile.endpoints.deviceAuthorization!.path && r.status === 200);
  expect(issued, 'a device authorization request the mock answered').toBeTruthy();
  const b = JSON.parse(issued!.responseBody) as { user_code: string; verification_uri: string };
  expect(played.prompt?.userCode, 'the user code shown').toBe(b.user_code);
  expect(played.prompt?.verificationUri, 'the verification URI shown').toBe(b.verification_uri);
  expect(played.outcome?.accepted, `the sign-in completes once the user allows (${played.outcome?.error ?? 'still polling'})`).toBe(true);
});

clientCheck('client.device.interval', { requires: [] }, async (c) => {
  const played = await play(c, 'allow', 3);
  // Gaps need two polls at least; a client that stopped sooner was never seen keeping an interval.
  if (played.polls.length < 2) c.notJudged(`the client polled ${played.polls.length} time(s), so no gap between polls was seen (${played.outcome?.error ?? 'no error'})`);
  const interval = c.profile.deviceAuthorization!.interval;
  const short = gaps(played.polls).filter((g) => g < interval * tolerance);
  expect(short, `polls sooner than the interval of ${interval} s (gaps in seconds: ${gaps(played.polls).map((g) => g.toFixed(2)).join(', ')})`).toEqual([]);
  expect(played.polls.filter((p) => errorOf(p) === 'slow_down').length, 'slow_down answers (the mock answers it to a poll that came too soon)').toBe(0);
});

clientCheck('client.device.slow-down', { requires: [] }, async (c) => {
  const played = await play(c, 'allow', 3, { slowDown: true });
  const at = played.polls.findIndex((p) => errorOf(p) === 'slow_down');
  if (at < 0) c.notJudged('no poll reached the slow_down fault');
  const after = played.polls.slice(at);
  if (after.length < 2) c.notJudged('the client did not poll again after slow_down');
  const needed = c.profile.deviceAuthorization!.interval + 5;
  const seen = gaps(after);
  expect(seen.filter((g) => g < needed * tolerance), `polls after slow_down sooner than interval + 5 = ${needed} s (gaps in seconds: ${seen.map((g) => g.toFixed(2)).join(', ')})`).toEqual([]);
});

for (const [id, act, code] of [
  ['client.device.stops-on-denied', 'deny', 'access_denied'],
  ['client.device.stops-on-expired', 'expire', 'expired_token'],
] as const) {
  clientCheck(id, { requires: [] }, async (c) => {
    const played = await play(c, act, 1);
    const at = played.polls.findIndex((p) => errorOf(p) === code);
    if (at < 0) c.notJudged(`no poll was answered ${code}`);
    const later = played.polls.length - at - 1;
    expect(later, `polls after ${code} (the client must stop polling)`).toBe(0);
    expect(played.outcome, `the sign-in ends after ${code} (it was still running ${played.watched} s after the user acted)`).toBeTruthy();
    expect(played.outcome?.accepted, 'the sign-in is not reported as a success').toBe(false);
  });
}
