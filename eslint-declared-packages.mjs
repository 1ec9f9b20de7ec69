// ESLint rule: every package a file imports is declared in the root package.json, so no code
// works only because some other package happened to hoist its dependency into node_modules.
// A type-only import may be satisfied by the package's `@types/` twin.
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';

const manifest = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const declared = new Set([
  ...Object.keys(manifest.dependencies ?? {}),
  ...Object.keys(manifest.devDependencies ?? {}),
]);
const builtins = new Set(builtinModules);

/** The package a bare specifier names (`@scope/name/sub` → `@scope/name`), or undefined for paths and builtins. */
export function packageOf(specifier) {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:'))
    return undefined;
  if (builtins.has(specifier) || builtins.has(specifier.split('/')[0])) return undefined;
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  // Workspace libraries resolve through the tsconfig/.swcrc alias, not node_modules.
  return name.startsWith('@tatalaman/') ? undefined : name;
}

function typesTwin(name) {
  return name.startsWith('@') ? `@types/${name.slice(1).replace('/', '__')}` : `@types/${name}`;
}

export const declaredPackages = {
  meta: {
    type: 'problem',
    docs: { description: 'Imported packages must be declared in the root package.json.' },
    messages: {
      undeclared:
        "'{{name}}' is imported but not declared in package.json; add it with `npm install --save-exact`.",
    },
    schema: [],
  },
  create(context) {
    function check(node, specifier, typeOnly) {
      if (typeof specifier !== 'string') return;
      const name = packageOf(specifier);
      if (name === undefined || declared.has(name)) return;
      if (typeOnly && declared.has(typesTwin(name))) return;
      context.report({ node, messageId: 'undeclared', data: { name } });
    }
    const isRequire = (callee) =>
      (callee.type === 'Identifier' && callee.name === 'require') ||
      (callee.type === 'MemberExpression' &&
        callee.object.type === 'Identifier' &&
        callee.object.name === 'require' &&
        callee.property.type === 'Identifier' &&
        callee.property.name === 'resolve');
    return {
      ImportDeclaration(node) {
        const typeOnly =
          node.importKind === 'type' ||
          (node.specifiers.length > 0 && node.specifiers.every((s) => s.importKind === 'type'));
        check(node.source, node.source.value, typeOnly);
      },
      ExportNamedDeclaration(node) {
        if (node.source) check(node.source, node.source.value, node.exportKind === 'type');
      },
      ExportAllDeclaration(node) {
        check(node.source, node.source.value, node.exportKind === 'type');
      },
      ImportExpression(node) {
        if (node.source.type === 'Literal') check(node.source, node.source.value, false);
      },
      TSExternalModuleReference(node) {
        if (node.expression.type === 'Literal') check(node.expression, node.expression.value, false);
      },
      CallExpression(node) {
        const [first] = node.arguments;
        if (isRequire(node.callee) && first?.type === 'Literal') check(first, first.value, false);
      },
    };
  },
};
