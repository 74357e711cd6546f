// The browser's platform primitives must behave exactly like Node's: both run here (Node 20 has
// WebCrypto and atob), on random input, and JWS signatures from either verify with jose.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { compactVerify } from 'jose';
import { decodeBase64, decodeBase64url } from '../lib/base64.ts';
import { builtinProfileIds, builtinProfiles } from '../lib/builtin-profiles.ts';
import { readJsonFile } from '../lib/json-file.ts';
import * as browser from '../lib/platform/browser.ts';
import * as node from '../lib/platform/node.ts';
import { schemaNames } from '../lib/schemas.ts';
import { generateSigningKey, signingAlgs } from '../mock-server/engine/tokens/keys.ts';
import { root } from './helpers.ts';

describe('platform: browser primitives equal Node', () => {
  it('export the same names', () => {
    assert.deepEqual(Object.keys(browser).sort(), Object.keys(node).sort());
    assert.equal(browser.platformName, 'browser');
  });
  it('sha256 and base64url agree on random text and bytes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), fc.uint8Array({ maxLength: 300 }), (text, bytes) => {
        assert.equal(browser.sha256Base64url(text), node.sha256Base64url(text));
        assert.deepEqual(Uint8Array.from(browser.sha256(text)), Uint8Array.from(node.sha256(text)));
        assert.equal(browser.base64url(bytes), node.base64url(bytes));
        assert.equal(browser.base64url(text), node.base64url(text));
      }),
      { numRuns: 500 },
    );
    const big = new Uint8Array(100_000).map((_, i) => i % 251);
    assert.equal(browser.base64url(big), node.base64url(big));
  });
  it('constantTimeEqual agrees, unequal lengths included', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), fc.uint8Array({ maxLength: 40 }), (a, b) => {
        assert.equal(browser.constantTimeEqual(a, b), node.constantTimeEqual(a, b));
        assert.equal(browser.constantTimeEqual(a, a.slice()), true);
      }),
    );
  });
  for (const alg of signingAlgs) {
    it(`${alg} signatures from both verify with jose`, async () => {
      const key = await generateSigningKey(alg);
      const input = `${node.base64url(JSON.stringify({ alg, kid: key.kid }))}.${node.base64url(JSON.stringify({ sub: 'alice' }))}`;
      for (const p of [node, browser]) {
        const jws = `${input}.${await p.signJwsInput(key, input)}`;
        const { payload } = await compactVerify(jws, key.publicKey);
        assert.equal(new TextDecoder().decode(payload), '{"sub":"alice"}', `${p.platformName} ${alg}`);
      }
    });
  }
  for (const alg of signingAlgs) {
    it(`${alg} signatures verify alike on both (a changed input or a key of another kind does not)`, async () => {
      const key = await generateSigningKey(alg);
      const other = await generateSigningKey(alg === 'ES256' ? 'EdDSA' : 'ES256');
      const input = `${node.base64url(JSON.stringify({ alg }))}.${node.base64url('{"htm":"POST"}')}`;
      const signature = decodeBase64url(await node.signJwsInput(key, input))!;
      // Each platform's key type is its own: the pairs keep them apart.
      const platforms = [
        { name: 'node', load: node.importVerifyKey, verify: (k: unknown, i: string, s: Uint8Array) => node.verifyJwsInput(k as node.VerifyKey, i, s) },
        { name: 'browser', load: browser.importVerifyKey, verify: (k: unknown, i: string, s: Uint8Array) => browser.verifyJwsInput(k as browser.VerifyKey, i, s) },
      ];
      for (const p of platforms) {
        const verifying = await p.load(key.publicJwk as Record<string, unknown>, alg);
        assert.ok(verifying, `${p.name} ${alg}: imported`);
        assert.equal(await p.verify(verifying, input, signature), true, `${p.name} ${alg}`);
        assert.equal(await p.verify(verifying, `${input}x`, signature), false, `${p.name} ${alg}: changed input`);
        assert.equal(await p.load(other.publicJwk as Record<string, unknown>, alg), undefined, `${p.name} ${alg}: a key of another kind`);
      }
    });
  }
  it('sealed bytes from either platform open on the other; a changed byte or another key opens nothing', async () => {
    const raw = node.sha256('key material');
    const keys = { node: await node.importSealKey(raw), browser: await browser.importSealKey(raw) };
    const other = await node.importSealKey(node.sha256('another key'));
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), async (plain) => {
        const a = await node.sealBytes(keys.node, plain);
        const b = await browser.sealBytes(keys.browser, plain);
        assert.deepEqual(Uint8Array.from((await browser.openBytes(keys.browser, a))!), plain);
        assert.deepEqual(Uint8Array.from((await node.openBytes(keys.node, b))!), plain);
        const flipped = Uint8Array.from(a);
        flipped[flipped.length - 1]! ^= 1;
        assert.equal(await node.openBytes(keys.node, flipped), undefined);
        assert.equal(await browser.openBytes(keys.browser, flipped), undefined);
        assert.equal(await node.openBytes(other, a), undefined);
      }),
      { numRuns: 100 },
    );
  });
  it('decodeBase64 reads what Buffer writes, and refuses what is not base64', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), (text) => {
        assert.equal(decodeBase64(Buffer.from(text).toString('base64')), text);
        assert.equal(decodeBase64(Buffer.from(text).toString('base64url')), text);
      }),
    );
    for (const bad of ['a', 'ab$c', '====', 'YQ==YQ==', '//8=', '==', 'Y==', 'YQ=a']) assert.equal(decodeBase64(bad), undefined, bad);
  });
  it('base64Bytes agrees on both platforms; random tokens have their length and never repeat', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        const text = Buffer.from(bytes).toString('base64');
        assert.deepEqual(Uint8Array.from(node.base64Bytes(text)), bytes);
        assert.deepEqual(Uint8Array.from(browser.base64Bytes(text)), bytes);
      }),
    );
    for (const p of [node, browser]) {
      const seen = new Set(Array.from({ length: 2000 }, () => p.randomBase64url(32)));
      assert.equal(seen.size, 2000);
      for (const t of seen) assert.match(t, /^[A-Za-z0-9_-]{43}$/);
      assert.match(p.randomBase64url(2048), /^[A-Za-z0-9_-]{2731}$/);
    }
  });
});

describe('bundled data matches the files on disk', () => {
  it('every specs/*.json is a built-in profile, byte for byte', () => {
    const ids = readdirSync(`${root}/specs`).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();
    assert.deepEqual(builtinProfileIds(), ids);
    for (const id of ids) assert.deepEqual(builtinProfiles[id], readJsonFile(`${root}/specs/${id}.json`), id);
  });
  it('every schemas/*.schema.json is listed', () => {
    const names = readdirSync(`${root}/schemas`).filter((f) => f.endsWith('.schema.json')).map((f) => f.slice(0, -'.schema.json'.length)).sort();
    assert.deepEqual([...schemaNames].sort(), names);
  });
});
