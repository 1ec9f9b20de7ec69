/* global fetch, AbortSignal */
// Container health check: asks the service's own /health on the port its configuration
// gives it (the same rule the service uses), so the check follows GATEWAY_PORT and friends.
const { loadConfig, servicePort } = require('../../dist/libs/config/src');

const service = process.argv[2];
const port = servicePort(loadConfig(), service);
fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(2500) }).then(
  (res) => process.exit(res.ok ? 0 : 1),
  () => process.exit(1),
);
