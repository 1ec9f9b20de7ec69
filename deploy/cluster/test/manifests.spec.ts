import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import { validate as lintDockerfile } from 'dockerfile-utils';
import * as apps from 'kubernetes-models/apps/v1';
import * as networking from 'kubernetes-models/networking.k8s.io/v1';
import * as policy from 'kubernetes-models/policy/v1';
import * as core from 'kubernetes-models/v1';
import { parse, parseAllDocuments } from 'yaml';
import { loadConfig, serviceNames, servicePort, variables } from '@tatalaman/config';
import { root } from '../../local/src/workspace';
import { temporalDynamicConfig } from '../src/components/temporal';
import { generatedManifests } from '../src/manifests';
import { builtTool, goTools } from '../src/tools';
import { CHART_CASES, chartDigest, helmTemplate, readChartRender } from '../src/helm-renders';

// The deploy manifests for real hosts, checked without a Docker engine or a Kubernetes
// cluster: the Dockerfile linted and matched to the services, compose parsed and matched
// to the configuration, the Helm chart (its committed renders by the pinned helm) with every resource
// validated against the Kubernetes API schemas (kubernetes-models, offline).

// The API groups the chart renders, with their schemas.
const API_GROUPS: Record<string, object> = {
  v1: core,
  'apps/v1': apps,
  'policy/v1': policy,
  'networking.k8s.io/v1': networking,
};

const read = (path: string) => readFileSync(join(root, path), 'utf8');
const defaults = loadConfig({});
const knownVariables = new Set(Object.keys(variables));

describe('deploy/docker/Dockerfile', () => {
  const text = read('deploy/docker/Dockerfile');
  const dockerfile = DockerfileParser.parse(text);
  const stages = new Map(dockerfile.getFROMs().map((f) => [f.getBuildStage(), f]));

  it('passes the Dockerfile linter without a problem', () => {
    expect(lintDockerfile(text).map((d) => `line ${d.range.start.line + 1}: ${d.message}`)).toEqual([]);
  });

  it.each(serviceNames)('has a target for %s that runs its built entry point and checks its health', (s) => {
    expect(stages.has(s)).toBe(true);
    const instructions = dockerfile
      .getInstructions()
      .filter((i) => i.getRange().start.line > stages.get(s)!.getRange().start.line)
      .slice(0, 3);
    const byKeyword = Object.fromEntries(instructions.map((i) => [i.getKeyword(), i.getArgumentsContent()]));
    const entry = `dist/services/${s}/src/main.js`;
    expect(byKeyword.CMD).toContain(entry);
    // The source the build turns into that entry point.
    expect(existsSync(join(root, `services/${s}/src/main.ts`))).toBe(true);
    expect(byKeyword.EXPOSE).toBe(String(servicePort(defaults, s)));
    expect(byKeyword.HEALTHCHECK).toContain(`"deploy/docker/healthcheck.js", "${s}"`);
  });

  it('copies what the services read at run time', () => {
    for (const path of ['nx.json', 'workflows/definitions', 'deploy/docker/healthcheck.js']) {
      expect(text).toContain(path);
      expect(existsSync(join(root, path))).toBe(true);
    }
  });
});

describe('deploy/compose/compose.yaml', () => {
  const compose = parse(read('deploy/compose/compose.yaml'), { merge: true }) as {
    services: Record<
      string,
      { build?: { target: string }; environment?: Record<string, string>; deploy?: { replicas: number } }
    >;
  };
  const dockerfile = read('deploy/docker/Dockerfile');

  it.each(serviceNames)(
    'runs %s from its Dockerfile target in two replicas, configured by known variables only',
    (s) => {
      const svc = compose.services[s]!;
      expect(svc.build?.target).toBe(s);
      expect(dockerfile).toContain(`AS ${s}\n`);
      expect(svc.deploy?.replicas).toBe(2);
      const unknown = Object.keys(svc.environment ?? {}).filter((k) => !knownVariables.has(k));
      expect(unknown).toEqual([]);
      expect(svc.environment!.NATS_STREAM_REPLICAS).toBe('3');
      expect(svc.environment!.NATS_URL!.split(',')).toHaveLength(3);
    },
  );

  it('gives Temporal the same dynamic configuration as the one-machine cluster', () => {
    expect(parse(read('deploy/compose/temporal-dynamicconfig.yaml'))).toEqual(parse(temporalDynamicConfig()));
  });

  it('keeps the generated nginx configuration of compose and Helm equal to what the cluster code renders', () => {
    for (const m of generatedManifests()) {
      expect([m.path, read(m.path)]).toEqual([m.path, m.content]);
    }
  });
});

describe('deploy/helm/tatalaman', () => {
  // Validated from its committed renders (deploy/helm/rendered, written by the pinned helm with
  // `npm run cluster -- render-chart`), so that a new machine does not build helm for npm test.
  type Resource = {
    apiVersion: string;
    kind: string;
    metadata: { name: string };
    // Rendered YAML, read by path in the assertions below.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    spec?: any;
    data: Record<string, string>;
  };
  const render = (name: keyof typeof CHART_CASES = 'defaults'): Resource[] =>
    parseAllDocuments(readChartRender(name).yaml)
      .map((d) => d.toJS() as Resource)
      .filter(Boolean);

  it('has renders of the chart as it is now, by the pinned helm', () => {
    const digest = chartDigest();
    for (const name of Object.keys(CHART_CASES)) {
      const { helmVersion, digest: renderedFrom } = readChartRender(name);
      expect({ name, helmVersion, current: renderedFrom === digest }).toEqual({
        name,
        helmVersion: goTools.helm.version,
        current: true,
      });
    }
    // Where helm is already built (a machine that ran render-chart), it must print the same.
    const helm = builtTool(goTools.helm)?.[0];
    if (helm) {
      for (const [name, set] of Object.entries(CHART_CASES)) {
        expect([name, helmTemplate(helm, set)]).toEqual([name, readChartRender(name).yaml]);
      }
    }
  });

  /** Each resource against the Kubernetes API schemas (kubernetes-models, offline). */
  const schemaProblems = (resources: { apiVersion: string; kind: string; metadata: { name: string } }[]) =>
    resources.flatMap((resource) => {
      const { apiVersion, kind } = resource;
      const where = `${kind} ${resource.metadata.name}`;
      const models = API_GROUPS[apiVersion];
      if (!models) return [`${where}: an apiVersion the chart is not expected to use (${apiVersion})`];
      const Model = (models as unknown as Record<string, new (data: unknown) => { validate(): void }>)[kind];
      if (!Model) return [`${where}: unknown kind in ${apiVersion}`];
      try {
        new Model(resource).validate();
        return [];
      } catch (error) {
        return [`${where}: ${(error as Error).message}`];
      }
    });

  it.each(Object.keys(CHART_CASES))('renders resources the Kubernetes API schemas accept (%s)', (name) => {
    const resources = render(name);
    expect(resources.length).toBeGreaterThan(serviceNames.length * 3);
    expect(schemaProblems(resources)).toEqual([]);
  });

  it('runs every service in two replicas on its configured port, ready only when /health says so', () => {
    const resources = render();
    for (const s of serviceNames) {
      const deployment = resources.find(
        (r) => r.kind === 'Deployment' && r.metadata.name === `kpu-tatalaman-${s}`,
      );
      expect(deployment?.spec.replicas).toBe(2);
      const container = deployment!.spec.template.spec.containers[0];
      expect(container.ports[0].containerPort).toBe(servicePort(defaults, s));
      expect(container.readinessProbe.httpGet.path).toBe('/health');
      expect(container.image).toBe(`registry.example.org/tatalaman/${s}:0.1.0`);
      expect(
        resources.some((r) => r.kind === 'PodDisruptionBudget' && r.metadata.name === `kpu-tatalaman-${s}`),
      ).toBe(true);
    }
    const config = resources.find(
      (r) => r.kind === 'ConfigMap' && r.metadata.name === 'kpu-tatalaman-platform',
    )!;
    expect(Object.keys(config.data).filter((k) => !knownVariables.has(k))).toEqual([]);
    expect(config.data.NATS_STREAM_REPLICAS).toBe('3');
    // The ports the chart gives the services are those the services compute from that configuration.
    // With what the Secret adds (the names the Deployments read from it are variables too).
    const fromSecret = deploymentEnvNames(resources);
    expect(fromSecret.filter((k) => !knownVariables.has(k))).toEqual([]);
    const rendered = loadConfig({ ...config.data, AUTH_SECRET: 'x'.repeat(48) });
    for (const s of serviceNames)
      expect([s, servicePort(rendered, s)]).toEqual([s, servicePort(defaults, s)]);
  });

  const deploymentEnvNames = (resources: ReturnType<typeof render>) =>
    resources
      .filter((r) => r.kind === 'Deployment')
      .flatMap((r) =>
        r.spec.template.spec.containers.flatMap((c: { env?: { name: string }[] }) =>
          (c.env ?? []).map((e) => e.name),
        ),
      );

  it("points the edge's nginx at the chart's own services", () => {
    const edge = render().find((r) => r.kind === 'ConfigMap' && r.metadata.name === 'kpu-tatalaman-edge')!;
    expect(edge.data['nginx.conf']).toContain('server kpu-tatalaman-gateway:3000 ');
    expect(edge.data['nginx.conf']).toContain('server kpu-tatalaman-publishing:3100 ');
    expect(edge.data['nginx.conf']).not.toContain('{{');
  });
});
