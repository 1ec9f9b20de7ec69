import { loadConfig, serviceNames, servicePort } from '@tatalaman/config';
import { clusterSettings, planTopology, plannedPorts, replicaPort, MAX_REPLICAS } from '../src/topology';

const plan = (env: NodeJS.ProcessEnv = {}) => planTopology(clusterSettings(env, '/tmp/tl-cluster'));

describe('the cluster topology', () => {
  it.each([1, 2, MAX_REPLICAS])(
    'gives every process of %i replica(s) its own port inside the 1000 from the base',
    (n) => {
      const t = plan({ CLUSTER_REPLICAS: String(n), CLUSTER_PORT_BASE: '17000' });
      const ports = plannedPorts(t);
      const seen = new Map<number, string>();
      for (const { name, port } of ports) {
        expect([name, seen.get(port)]).toEqual([name, undefined]);
        seen.set(port, name);
        expect(port).toBeGreaterThanOrEqual(17_000);
        expect(port).toBeLessThan(18_000);
      }
      expect(ports.length).toBe(3 + 9 + 11 + n * serviceNames.length);
    },
  );

  it("never meets the shared development stack's default ports", () => {
    const dev = loadConfig({});
    const taken = [5433, 4222, 7233, dev.TEMPORAL_UI_PORT, ...serviceNames.map((s) => servicePort(dev, s))];
    for (const { port } of plannedPorts(plan({ CLUSTER_REPLICAS: String(MAX_REPLICAS) }))) {
      expect(taken).not.toContain(port);
    }
  });

  it('puts each replica where the services themselves will listen, given that replica’s variables', () => {
    for (const r of plan().replicas) {
      const config = loadConfig({
        GATEWAY_PORT: String(r.gatewayPort),
        PUBLIC_SITE_PORT: String(r.sitePort),
        SERVICE_HEALTH_PORT_BASE: String(r.healthPortBase),
      });
      for (const s of serviceNames) expect([s, replicaPort(r, s)]).toEqual([s, servicePort(config, s)]);
    }
  });

  it('refuses settings it cannot run, naming the variable', () => {
    expect(() => clusterSettings({ CLUSTER_REPLICAS: '0' }, '/tmp')).toThrow(
      /CLUSTER_REPLICAS: must be a whole number from 1 to 9/,
    );
    expect(() => clusterSettings({ CLUSTER_PORT_BASE: '80' }, '/tmp')).toThrow(
      /CLUSTER_PORT_BASE: must be at least 1024/,
    );
    expect(clusterSettings({}, '/data/x')).toEqual({ portBase: 17_000, replicas: 2, dataDir: '/data/x' });
  });
});
