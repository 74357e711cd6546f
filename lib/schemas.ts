// Every schema in schemas/, imported as JSON modules so the validator works wherever the engine runs
// (Node, a bundler, the browser). schema-files.ts adds their paths on disk for Node-only tools.
import profile from '../schemas/profile.schema.json' with { type: 'json' };
import target from '../schemas/target.schema.json' with { type: 'json' };
import tokenResponse from '../schemas/token-response.schema.json' with { type: 'json' };
import tokenExchangeResponse from '../schemas/token-exchange-response.schema.json' with { type: 'json' };
import tokenError from '../schemas/token-error.schema.json' with { type: 'json' };
import oauthError from '../schemas/oauth-error.schema.json' with { type: 'json' };
import problem from '../schemas/problem.schema.json' with { type: 'json' };
import apiVideoTokenResponse from '../schemas/api-video-token-response.schema.json' with { type: 'json' };
import jwtAccessToken from '../schemas/jwt-access-token.schema.json' with { type: 'json' };
import shieldJwtClaims from '../schemas/shield-jwt-claims.schema.json' with { type: 'json' };
import introspection from '../schemas/introspection.schema.json' with { type: 'json' };
import metadata from '../schemas/metadata.schema.json' with { type: 'json' };
import jwks from '../schemas/jwks.schema.json' with { type: 'json' };
import report from '../schemas/report.schema.json' with { type: 'json' };
import baseline from '../schemas/baseline.schema.json' with { type: 'json' };
import faultRule from '../schemas/fault-rule.schema.json' with { type: 'json' };
import mintRequest from '../schemas/mint-request.schema.json' with { type: 'json' };
import check from '../schemas/check.schema.json' with { type: 'json' };
import stateFile from '../schemas/state-file.schema.json' with { type: 'json' };
import openidConfiguration from '../schemas/openid-configuration.schema.json' with { type: 'json' };
import idToken from '../schemas/id-token.schema.json' with { type: 'json' };
import protectedResourceMetadata from '../schemas/protected-resource-metadata.schema.json' with { type: 'json' };

export const schemas = {
  'profile': profile,
  'baseline': baseline,
  'target': target,
  'token-response': tokenResponse,
  'token-exchange-response': tokenExchangeResponse,
  'token-error': tokenError,
  'oauth-error': oauthError,
  'problem': problem,
  'api-video-token-response': apiVideoTokenResponse,
  'jwt-access-token': jwtAccessToken,
  'shield-jwt-claims': shieldJwtClaims,
  'introspection': introspection,
  'metadata': metadata,
  'jwks': jwks,
  'report': report,
  'fault-rule': faultRule,
  'mint-request': mintRequest,
  'check': check,
  'state-file': stateFile,
  'openid-configuration': openidConfiguration,
  'id-token': idToken,
  'protected-resource-metadata': protectedResourceMetadata,
} as const satisfies Record<string, object>;

export type SchemaName = keyof typeof schemas;

export const schemaNames = Object.keys(schemas) as SchemaName[];
