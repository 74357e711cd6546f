import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { renderTypes } from '../lib/render-types.ts';
import { readSchema, schemaNames } from '../lib/schema-files.ts';
import { renderValidators, schemaAjv } from '../lib/schema-ajv.ts';
import { validate } from '../lib/validator.ts';
import { root } from './helpers.ts';

describe('schemas', () => {
  it('each has $id, title, and a description on every property', () => {
    for (const name of schemaNames) {
      const s = readSchema(name);
      assert.ok(s.$id && s.title && s.description, name);
      const missing: string[] = [];
      const walk = (node: unknown, path: string) => {
        if (!node || typeof node !== 'object') return;
        const props = (node as { properties?: Record<string, Record<string, unknown>> }).properties;
        for (const [k, v] of Object.entries(props ?? {})) if (!v.description && !v.$ref) missing.push(`${path}/${k}`);
        for (const [k, v] of Object.entries(node)) if (k !== 'if') walk(v, `${path}/${k}`);
      };
      walk(s, name);
      assert.deepEqual(missing, [], `properties without description in ${name}`);
    }
  });
  it('each is a valid JSON Schema 2020-12 document that compiles under strict mode (the validators are generated from them; nothing checks this at run time)', () => {
    const ajv = schemaAjv({ validateSchema: true });
    for (const name of schemaNames) ajv.addSchema(readSchema(name), name);
    for (const name of schemaNames) {
      assert.equal(ajv.validateSchema(readSchema(name)), true, `${name}: ${ajv.errorsText(ajv.errors)}`);
      assert.ok(ajv.getSchema(name), name);
    }
  });
  it('generated types are up to date (run `npm run types`)', async () => {
    const files = await renderTypes();
    for (const [name, text] of Object.entries(files)) {
      assert.equal(readFileSync(join(root, 'generated/types', name), 'utf8'), text, `generated/types/${name} is stale`);
    }
  });
  it('generated validators are up to date (run `npm run types`): what validates at run time is what the schemas say', () => {
    // Compared whole (a stale validator is a wrong verdict on someone's document), but not through
    // assert.equal: a diff of the ~750 KB file would bury the message that says what to run.
    assert.ok(readFileSync(join(root, 'generated/validators.ts'), 'utf8') === renderValidators(), 'generated/validators.ts is stale: run npm run types');
  });
  it('accept the seeds’ own examples', () => {
    // seed 001's example response
    assert.deepEqual(validate('api-video-token-response', { token_type: 'Bearer', expires_in: 3600, access_token: 'eyJ0eXAiO.x.TWXWhy_g', refresh_token: 'eyJ0eXAiO.y.AACCC_n' }), []);
    // seed 003's responses
    assert.deepEqual(validate('token-response', { access_token: 'eyJ.a.b', token_type: 'Bearer', expires_in: 3600, refresh_token: 'def50200abc123' }), []);
    assert.deepEqual(validate('token-response', { access_token: 'eyJ.a.b', token_type: 'Bearer', expires_in: 3600 }), []);
  });
  it('reject what the RFCs forbid', () => {
    assert.notDeepEqual(validate('token-response', { access_token: 'x', token_type: 'Bearer', expires_in: '3600' }), []);
    assert.notDeepEqual(validate('token-error', { error: 'invalid_token' }), [], 'not a token endpoint error');
    assert.notDeepEqual(validate('token-error', { error: 'invalid_grant', error_description: 'say "no"' }), [], '" is not allowed');
    assert.notDeepEqual(validate('jwks', { keys: [{ kty: 'RSA', n: 'x', e: 'AQAB', d: 'secret' }] }), [], 'private key');
    assert.notDeepEqual(validate('jwks', { keys: [{ kty: 'oct', k: 'x' }] }), [], 'symmetric key');
    assert.notDeepEqual(validate('introspection', { active: false, scope: 'read' }), [], 'inactive carries nothing else');
    assert.notDeepEqual(validate('metadata', { issuer: 'https://a.test/?x=1', response_types_supported: ['code'] }), []);
    assert.notDeepEqual(validate('jwt-access-token', { iss: 'a', exp: 1, aud: 'x', sub: 's', iat: 1, jti: 'j' }), [], 'client_id missing');
    assert.notDeepEqual(validate('shield-jwt-claims', { iat: 1, exp: 2 }), [], 'username missing');
  });
});
