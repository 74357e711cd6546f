// The part of the official MCP SDK (@modelcontextprotocol/sdk, an optional peer) the mock's MCP
// endpoint is built on, typed here so no type of ours depends on the SDK's. In Node it is imported
// on first use; a browser bundle cannot import it at run time (bundlers leave a variable specifier
// out on purpose, so MSW users who never serve MCP do not ship it), so an app hands the modules in.
import { ConfigError } from '../../../lib/config-error.ts';

export interface Sdk {
  Server: new (info: { name: string; version: string }, options: { capabilities: { tools: object } }) => SdkServer;
  Transport: new (options: { sessionIdGenerator: undefined; enableJsonResponse: boolean }) => SdkTransport;
  ListToolsRequestSchema: unknown;
  CallToolRequestSchema: unknown;
}
export interface SdkServer {
  setRequestHandler(schema: unknown, handler: (request: { params: { name: string; arguments?: Record<string, unknown> } }) => Promise<unknown>): void;
  connect(transport: SdkTransport): Promise<void>;
  close(): Promise<void>;
}
export interface SdkTransport {
  handleRequest(request: Request, options?: { authInfo?: { token: string; clientId: string; scopes: string[]; expiresAt?: number } }): Promise<Response>;
}

/**
 * The SDK's modules as an app imports them, for the MCP endpoint where the mock cannot import them
 * itself (the MSW handlers in a browser):
 * `import * as server from '@modelcontextprotocol/sdk/server/index.js'`,
 * `import * as transport from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js'`,
 * `import * as types from '@modelcontextprotocol/sdk/types.js'`.
 */
export interface McpSdkModules {
  server: object;
  transport: object;
  types: object;
}

/** Each module, where it comes from, and what the endpoint takes from it (by its `typeof`). */
const expected = {
  server: { specifier: '@modelcontextprotocol/sdk/server/index.js', members: { Server: 'function' } },
  transport: { specifier: '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js', members: { WebStandardStreamableHTTPServerTransport: 'function' } },
  types: { specifier: '@modelcontextprotocol/sdk/types.js', members: { ListToolsRequestSchema: 'object', CallToolRequestSchema: 'object' } },
} as const;

/** The endpoint's view of modules an app handed in; a module that is not the SDK's is a named config error. */
export function sdkFromModules(modules: McpSdkModules, file: string): Sdk {
  const given = modules as unknown as Partial<Record<keyof McpSdkModules, Record<string, unknown>>>;
  const issues = (Object.keys(expected) as (keyof McpSdkModules)[]).flatMap((name) => {
    const { specifier, members } = expected[name];
    const m = given?.[name];
    const missing = Object.entries(members).filter(([member, kind]) => m === null || typeof m !== 'object' || typeof m[member] !== kind || m[member] === null).map(([member]) => member);
    if (!missing.length) return [];
    return [{ file, pointer: `/mcpSdk/${name}`, expected: `the module ${specifier} (import * as ${name} from '${specifier}'), which has ${Object.keys(members).join(' and ')}`, found: m === undefined ? 'nothing' : `an object without ${missing.join(' and ')}` }];
  });
  if (issues.length) throw new ConfigError(issues);
  const m = given as Record<keyof McpSdkModules, Record<string, unknown>>;
  return {
    Server: m.server.Server as Sdk['Server'],
    Transport: m.transport.WebStandardStreamableHTTPServerTransport as Sdk['Transport'],
    ListToolsRequestSchema: m.types.ListToolsRequestSchema,
    CallToolRequestSchema: m.types.CallToolRequestSchema,
  };
}

// Specifiers held in variables: bundlers leave the SDK out instead of inlining it.
const specifiers = [expected.server.specifier, expected.transport.specifier, expected.types.specifier];
let imported: Promise<Sdk | undefined> | undefined;

/** The SDK imported from node_modules, once per process (a module, never state); undefined when absent. */
export function importSdk(): Promise<Sdk | undefined> {
  imported ??= Promise.all(specifiers.map((s) => import(/* @vite-ignore */ s) as Promise<Record<string, unknown>>))
    .then(([server, transport, types]) => sdkFromModules({ server: server!, transport: transport!, types: types! }, 'node_modules'))
    .catch(() => undefined);
  return imported;
}
