import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@tatalaman/config';
import {
  COMMAND_DEFINITIONS,
  commandDefinition,
  defineCommand,
  mutationFields,
  type Service,
} from '@tatalaman/contracts';
import { z } from 'zod';
import { bodyFromCommand } from '../src/http/schemas';
import { PROBLEMS, SERVICE_ERRORS } from '../src/http/problems';

/**
 * One contract per command (issue 14): for every service whose commands are written with
 * `defineCommand`, nothing else declares their shape or raises an uncatalogued error, and
 * every error its commands list reaches the OpenAPI document.
 */
const CONTRACTED: Service[] = [
  'content',
  'sop-registry',
  'publishing',
  'reporting',
  'approvals',
  'worker',
  'gateway',
];

const root = repoRoot();

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts'))
    .map((e) => join(e.parentPath, e.name));
}

/** Problem codes each operation of the committed document lists, by `METHOD path`. */
function documentedCodes(): Map<string, Set<string>> {
  const doc = JSON.parse(readFileSync(join(root, 'libs/api-client/openapi.json'), 'utf8')) as {
    paths: Record<string, Record<string, { responses?: Record<string, { description?: string }> }>>;
  };
  const out = new Map<string, Set<string>>();
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const codes = new Set<string>();
      for (const response of Object.values(op.responses ?? {})) {
        for (const m of (response.description ?? '').matchAll(/`([a-z0-9-]+)`/g)) codes.add(m[1]!);
      }
      out.set(`${method.toUpperCase()} ${path}`, codes);
    }
  }
  return out;
}

describe('one contract per command', () => {
  for (const service of CONTRACTED)
    it(`${service}: every handled command has a contract`, () => {
      for (const file of sources(join(root, 'services', service, 'src'))) {
        for (const m of readFileSync(file, 'utf8').matchAll(/@HandleCommand\(\s*'([^']+)'/g)) {
          expect({ file, command: m[1], defined: commandDefinition(m[1]!) !== undefined }).toEqual({
            file,
            command: m[1],
            defined: true,
          });
        }
      }
    });

  for (const service of CONTRACTED)
    it(`${service}: no request shape or error is written outside the contract`, () => {
      for (const file of sources(join(root, 'services', service, 'src'))) {
        const text = readFileSync(file, 'utf8');
        // Errors come from the service's catalogue (commandFailure), never ad hoc.
        expect({ file, adHocFailures: (text.match(/new CommandFailure\(/g) ?? []).length }).toEqual({
          file,
          adHocFailures: 0,
        });
        if (file.endsWith('.commands.ts')) {
          expect({ file, schemas: /\bz\.(object|string|number|array|enum)\(/.test(text) }).toEqual({
            file,
            schemas: false,
          });
        }
      }
    });

  it('every catalogued service error keeps one status at the edge', () => {
    for (const [code, error] of Object.entries(SERVICE_ERRORS)) {
      expect({ code, status: (PROBLEMS as Record<string, { status: number }>)[code]?.status }).toEqual({
        code,
        status: error.status,
      });
    }
  });

  it('every error a contracted command the edge sends is documented on some operation', () => {
    const documented = new Set([...documentedCodes().values()].flatMap((codes) => [...codes]));
    // Commands only services send (e.g. the runtime's publish step) reach no operation.
    const sent = new Set(
      sources(join(root, 'services/gateway/src')).flatMap((file) =>
        [...readFileSync(file, 'utf8').matchAll(/\.send\(\s*'([^']+)'/g)].map((m) => m[1]!),
      ),
    );
    const missing = Object.values(COMMAND_DEFINITIONS)
      .filter((d) => CONTRACTED.includes(d.service) && sent.has(d.name))
      .flatMap((d) => d.errors.map((e) => `${d.name}: ${e.code}`))
      .filter((entry) => !documented.has(entry.slice(entry.indexOf(': ') + 2)));
    expect(missing).toEqual([]);
  });
});

describe('bodyFromCommand', () => {
  it("is the command's request without the caller envelope and the path fields, limits kept", () => {
    const command = defineCommand('content.test.rename', {
      description: 'A command for this test.',
      request: z.object({ ...mutationFields, itemId: z.uuid(), title: z.string().max(5) }),
      response: z.object({}),
    });
    const body = bodyFromCommand('ContractsSpecRename', command, { omit: { itemId: true } });
    expect(Object.keys(body.shape)).toEqual(['title']);
    expect(body.safeParse({ title: 'abcdef' }).success).toBe(false);
    expect(body.safeParse({ title: 'abc' }).success).toBe(true);
  });
});
