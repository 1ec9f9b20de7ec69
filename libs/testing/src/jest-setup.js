// Runs before every test file in every project, in that file's own module registry.
const { randomBytes } = require('node:crypto');

// Dates in assertions are written in UTC; code under test must not depend on the host zone.
process.env.TZ = 'UTC';

// Each test file gets its own NATS subject/stream prefix and Temporal task queue, so
// test files (and concurrent runs on one machine) never see each other's messages or
// tasks. The prefix starts with the run id so the runner can delete a run's streams.
const run = /^[a-z0-9]{1,20}$/.test(process.env.TEST_RUN_ID || '') ? process.env.TEST_RUN_ID : 'local';
const file = randomBytes(3).toString('hex');
process.env.NATS_PREFIX = `t${run}x${file}`;
process.env.TEMPORAL_TASK_QUEUE = `test-${run}-${file}`;
