import { variables } from './variables';

/** Renders `.env.example` from the variable list; a test keeps the committed file equal to this. */
export function renderEnvExample(): string {
  const lines = [
    '# Tata Laman configuration. Copy to .env and change what you need.',
    '# Every variable is optional in development; unset ones take the default shown.',
    '# Generated from libs/config/src/variables.ts (npm run stack -- env-example).',
  ];
  let section = '';
  for (const [name, spec] of Object.entries(variables)) {
    if (spec.section !== section) {
      section = spec.section;
      lines.push('', `# --- ${section} ---`);
    }
    lines.push(`# ${spec.description}`);
    lines.push(spec.example === undefined ? `# ${name}=` : `${name}=${spec.example}`);
  }
  return lines.join('\n') + '\n';
}
