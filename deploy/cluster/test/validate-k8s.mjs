// Validates Kubernetes resources offline against the API's schemas (kubernetes-models,
// an ES module, hence its own process). Reads a JSON array of resources on stdin and
// prints a JSON array of problems: { kind, name, problem }.
const input = JSON.parse(
  await new Promise((resolve) => {
    let text = '';
    process.stdin.on('data', (d) => (text += d));
    process.stdin.on('end', () => resolve(text));
  }),
);
const problems = [];
for (const resource of input) {
  const { apiVersion = '', kind = '' } = resource;
  const name = resource.metadata?.name ?? '?';
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : [undefined, apiVersion];
  let models;
  try {
    models = await import(`kubernetes-models/${group ? `${group}/` : ''}${version}`);
  } catch {
    problems.push({ kind, name, problem: `unknown apiVersion ${apiVersion}` });
    continue;
  }
  const Model = models[kind];
  if (!Model) {
    problems.push({ kind, name, problem: `unknown kind ${kind} in ${apiVersion}` });
    continue;
  }
  try {
    new Model(resource).validate();
  } catch (error) {
    problems.push({ kind, name, problem: String(error?.message ?? error).slice(0, 2000) });
  }
}
process.stdout.write(JSON.stringify(problems));
