#!/usr/bin/env node
// The ringpace executable: the one place that reads the environment and touches the process (argv,
// stdout/stderr, exit code, Ctrl-C); everything else is run().
import { createGrpcClient } from '../client.js';
import { nodeFiles } from '../io.js';
import { run } from '../run.js';

const interrupt = new AbortController();
// The first Ctrl-C ends a watch or an upload cleanly; a second one ends the process at once.
process.once('SIGINT', () => {
  interrupt.abort();
  process.once('SIGINT', () => process.exit(130));
});

const env = process.env;
const exitCode = await run(
  process.argv.slice(2),
  {
    stdout: { write: (text) => void process.stdout.write(text) },
    stderr: { write: (text) => void process.stderr.write(text) },
    stdoutIsTty: process.stdout.isTTY === true,
    env: {
      ...(env.RINGPACE_ADDRESS ? { address: env.RINGPACE_ADDRESS } : {}),
      ...(env.RINGPACE_API_KEY ? { apiKey: env.RINGPACE_API_KEY } : {}),
      ...(env.RINGPACE_ADMIN_TOKEN ? { adminToken: env.RINGPACE_ADMIN_TOKEN } : {}),
    },
    files: nodeFiles,
    signal: interrupt.signal,
    now: () => Date.now(),
  },
  createGrpcClient,
);
process.exitCode = exitCode;
