// The built-in profiles (specs/), imported as JSON modules so they resolve by id wherever the engine
// runs, the browser included. test/profiles.test.ts proves this list matches specs/ on disk.
import apiVideo from '../specs/api-video.json' with { type: 'json' };
import fapi2 from '../specs/fapi2.json' with { type: 'json' };
import genericOauth2 from '../specs/generic-oauth2.json' with { type: 'json' };
import mcp20250618 from '../specs/mcp-2025-06-18.json' with { type: 'json' };
import mcp20251125 from '../specs/mcp-2025-11-25.json' with { type: 'json' };
import mcp20260728 from '../specs/mcp-2026-07-28.json' with { type: 'json' };
import oauth21 from '../specs/oauth21.json' with { type: 'json' };
import oauth21Extended from '../specs/oauth21-extended.json' with { type: 'json' };
import oidc from '../specs/oidc.json' with { type: 'json' };
import shakr from '../specs/shakr.json' with { type: 'json' };
import shield from '../specs/shield.json' with { type: 'json' };

// JSON modules type string enums as plain strings; the schema check in resolveProfile is what
// guarantees their shape, so the raw documents are held as unknown.
export const builtinProfiles: Readonly<Record<string, unknown>> = {
  'api-video': apiVideo,
  fapi2,
  'generic-oauth2': genericOauth2,
  'mcp-2025-06-18': mcp20250618,
  'mcp-2025-11-25': mcp20251125,
  'mcp-2026-07-28': mcp20260728,
  oauth21,
  'oauth21-extended': oauth21Extended,
  oidc,
  shakr,
  shield,
};

export function builtinProfileIds(): string[] {
  return Object.keys(builtinProfiles).sort();
}

export function isBuiltinProfileId(ref: string): boolean {
  return Object.hasOwn(builtinProfiles, ref);
}

