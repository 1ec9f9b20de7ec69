import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from '../../local/src/workspace';
import { nginxConfig, type EdgeLayout } from './components/nginx';

/**
 * Files of the deploy manifests generated from the cluster's own code, so compose,
 * Helm and `npm run cluster` put the same nginx in front of the replicas. Written by
 * `npm run cluster -- manifests`; a test keeps the committed copies equal to these.
 */
const containerEdge = (gateway: string, site: string): EdgeLayout => ({
  apiListen: '8080',
  siteListen: '8081',
  gateways: [gateway],
  sites: [site],
  cacheDir: '/var/cache/nginx/sites',
  user: 'nginx',
});

export function generatedManifests(): { path: string; content: string }[] {
  return [
    // Compose's DNS name of a service resolves to every replica's container.
    {
      path: 'deploy/compose/nginx.conf',
      content: nginxConfig(containerEdge('gateway:3000', 'publishing:3100')),
    },
    // A Kubernetes Service spreads over the pods; Helm fills in the names (tpl in templates/edge.yaml).
    {
      path: 'deploy/helm/tatalaman/files/nginx.conf',
      content: nginxConfig(
        containerEdge(
          '{{ include "tatalaman.fullname" . }}-gateway:{{ .Values.services.gateway.port }}',
          '{{ include "tatalaman.fullname" . }}-publishing:{{ .Values.services.publishing.port }}',
        ),
      ),
    },
  ];
}

/** Writes the generated files; returns the paths that changed. */
export function writeManifests(): string[] {
  const changed: string[] = [];
  for (const m of generatedManifests()) {
    const file = join(root, m.path);
    let current = '';
    try {
      current = readFileSync(file, 'utf8');
    } catch {
      // new file
    }
    if (current !== m.content) {
      writeFileSync(file, m.content);
      changed.push(m.path);
    }
  }
  return changed;
}
