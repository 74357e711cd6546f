// Failure reasons in words: what was expected, what came back, and the request that produced it;
// never Playwright's matcher text.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { wordedReason } from '../suites/report/reason.ts';

const after = [{ request: { method: 'POST', url: 'http://127.0.0.1:1/token' }, response: { status: 400, headers: {}, body: '{}' } }];

describe('worded failure reasons', () => {
  it('toBe: the check’s words, expected and received, and the request', () => {
    const r = wordedReason('Error: error code\n\nexpect(received).toBe(expected) // Object.is equality\n\nExpected: "invalid_grant"\nReceived: "invalid_request"', after);
    assert.equal(r, 'error code: expected "invalid_grant", received "invalid_request" (after POST http://127.0.0.1:1/token → 400)');
  });
  it('toContain of allowed statuses reads the right way round', () => {
    const r = wordedReason('Error: status 200 for invalid_client\n\nexpect(received).toContain(expected) // indexOf\n\nExpected value: 200\nReceived array: [401]', after);
    assert.match(r, /^status 200 for invalid_client: expected one of \[401\], received 200 /);
  });
  it('matchers without an Expected line say what they wanted', () => {
    assert.equal(wordedReason('Error: a code\n\nexpect(received).toBeTruthy()\n\nReceived: null', undefined), 'a code: expected a value, received null');
    assert.equal(wordedReason('Error: no error code\n\nexpect(received).toBeUndefined()\n\nReceived: "invalid_token"', undefined), 'no error code: expected nothing, received "invalid_token"');
  });
  it('never leaves matcher text behind', () => {
    for (const m of ['Error: expect(received).toBe(expected) // Object.is equality\n\nExpected: 200\nReceived: 404', 'Error: x\n\nexpect(received).not.toBe(expected) // Object.is equality\n\nExpected: not 200']) {
      assert.doesNotMatch(wordedReason(m, after), /expect\(|Object\.is/);
    }
  });
});
