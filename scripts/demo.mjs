// `make demo`: a whole notification campaign in a few minutes. PostgreSQL and NATS from DATABASE_URL /
// NATS_URL, or started here when none answer (scripts/infra); fs-sim with 300 callees at a sped-up clock
// (or a real FreeSWITCH with ESL=host:port); campaign, dialer and media; then a tenant drives a "press # to
// confirm" campaign through the API, watches it, and prints the final lists. Exits non-zero unless the
// campaign completed and every imported contact is in exactly one final list. Stops all it started.
import { existsSync } from 'node:fs';
import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { ScaledClock } from '@ringpace/clock';
import { CampaignClient } from '@ringpace/campaign/client';
import { migrate } from '@ringpace/db';
import pg from 'pg';
import { ensureNats, DEFAULT_NATS_URL } from './infra/ensure-nats.mjs';
import { ensurePostgres, DEFAULT_DATABASE_URL } from './infra/ensure-postgres.mjs';
import { redact } from './infra/net.mjs';
import { setUpCampaign, waitForCampaignService } from './demo/campaign.mjs';
import { generateContacts, BLOCKS } from './demo/contacts.mjs';
import { startFsSimProcess } from './demo/fs-sim.mjs';
import { paceFigures } from './demo/metrics.mjs';
import { openNowSchedule } from './demo/plan.mjs';
import { createProgressPrinter } from './demo/progress.mjs';
import { checkResults, collectResults, compareWithScenario, printResults } from './demo/results.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const env = process.env;
const realSwitch = (env.ESL ?? '') !== '';
const settings = {
  speed: Number(env.DEMO_SPEED ?? (realSwitch ? 1 : 25)),
  seed: Number(env.DEMO_SEED ?? 7),
  timeoutS: Number(env.DEMO_TIMEOUT_S ?? (realSwitch ? 3600 : 170)),
  gateway: realSwitch ? env.DEMO_GATEWAY || 'carrier' : 'carrier',
  channels: Number(env.DEMO_CHANNELS ?? (realSwitch ? 10 : 60)),
  callsPerSecond: Number(env.DEMO_CPS ?? (realSwitch ? 2 : 5)),
  timezone: 'America/New_York',
  defaultRegion: 'US',
  nodeId: 'fs1',
};
const SCENARIO = `${root}packages/fs-sim/scenarios/demo-campaign.yaml`;

const bold = (text) => (process.stdout.isTTY ? `\x1b[1m${text}\x1b[0m` : text);
const step = (text) => console.log(`\n${bold('▸ ' + text)}`);
const say = (text) => console.log(`  ${text}`);

/** Everything started, newest first, so it is stopped in reverse: services, simulator, bus, database. */
const cleanups = [];
let stopping;
function cleanUp() {
  stopping ??= (async () => {
    while (cleanups.length > 0) {
      const { name, run } = cleanups.pop();
      try {
        await run();
        say(name);
      } catch (error) {
        console.error(`  ✖ not done: ${name} (${error.message})`);
      }
    }
  })();
  return stopping;
}

const interrupted = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (interrupted.signal.aborted) {
      console.error('\nstopping anyway');
      process.exit(130);
    }
    console.error(`\n${signal}: stopping everything the demo started (again to force)`);
    interrupted.abort(new Error(`interrupted by ${signal}`));
  });
}

function checkBuilt() {
  const needed = ['services/campaign/dist/main.js', 'services/dialer/dist/main.js', 'services/media/dist/main.js', 'packages/fs-sim/dist/bin/fs-sim.js', 'packages/testing/dist/stack.js'];
  const missing = needed.filter((path) => !existsSync(`${root}${path}`));
  if (missing.length > 0) throw new Error(`not built: ${missing.join(', ')} (run make build)`);
}

function parseSettings() {
  const problems = [];
  if (!(settings.speed > 0)) problems.push(`DEMO_SPEED must be a positive number, got "${env.DEMO_SPEED}"`);
  if (!Number.isInteger(settings.seed)) problems.push(`DEMO_SEED must be an integer, got "${env.DEMO_SEED}"`);
  if (!(settings.timeoutS > 0)) problems.push(`DEMO_TIMEOUT_S must be a positive number, got "${env.DEMO_TIMEOUT_S}"`);
  if (!(settings.channels > 0) || !(settings.callsPerSecond > 0)) problems.push('DEMO_CHANNELS and DEMO_CPS must be positive');
  if (realSwitch) {
    if (!/^[^:]+:\d+$/.test(env.ESL)) problems.push(`ESL must be host:port, got "${env.ESL}"`);
    if ((env.ESL_PASSWORD ?? '') === '') problems.push('ESL_PASSWORD is required with ESL');
  }
  if (problems.length > 0) throw new Error(problems.join('; '));
}

/** A database of this run's own, so nothing of an earlier run (a campaign still RUNNING) is dialed again. */
async function createRunDatabase(serverUrl, name) {
  const admin = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 5_000 });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function dropRunDatabase(serverUrl, name) {
  const admin = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 5_000 });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

async function watch(client, campaignId, zone, timeoutMs) {
  const printer = createProgressPrinter({ zone });
  const stop = AbortSignal.any([interrupted.signal, AbortSignal.timeout(timeoutMs)]);
  let last;
  try {
    for await (const { progress } of client.watchCampaign({ id: campaignId, minIntervalMs: 500 }, stop)) {
      last = progress;
      printer.update(progress);
      if (progress.state === 'CAMPAIGN_STATE_COMPLETED' || progress.state === 'CAMPAIGN_STATE_STOPPED') break;
    }
  } finally {
    printer.end();
  }
  if (interrupted.signal.aborted) throw interrupted.signal.reason;
  return { last, timedOut: stop.aborted };
}

async function main() {
  parseSettings();
  checkBuilt();
  const { startStack } = await import('@ringpace/testing');
  const { destroyNamespace, randomNamespace } = await import('@ringpace/bus');
  const startedAt = Date.now();
  const stamp = new Date().toISOString().slice(0, 19).replace(/[-:T]/g, '');
  const runDir = `${root}.demo/${stamp}`;
  await mkdir(runDir, { recursive: true });
  const logFile = `${runDir}/services.log`;
  const log = (name, line) => void appendFile(logFile, `${name} ${line}\n`).catch(() => undefined);
  const origin = Date.now();
  const clock = new ScaledClock({ originMs: origin, speed: settings.speed });

  step('PostgreSQL and NATS');
  const postgres = await ensurePostgres({ url: env.DATABASE_URL || DEFAULT_DATABASE_URL, say });
  if (postgres.started) cleanups.push({ name: 'PostgreSQL stopped, its data deleted', run: postgres.stop });
  else say(`PostgreSQL at ${redact(postgres.url)}`);
  const nats = await ensureNats({ url: env.NATS_URL || DEFAULT_NATS_URL, say });
  if (nats.started) cleanups.push({ name: 'NATS stopped, its store deleted', run: nats.stop });
  else say(`NATS at ${nats.url} (JetStream on)`);
  interrupted.signal.throwIfAborted();

  const database = `ringpace_demo_${stamp}`;
  const databaseUrl = await createRunDatabase(postgres.url, database);
  if (!postgres.started) cleanups.push({ name: `database ${database} dropped`, run: () => dropRunDatabase(postgres.url, database) });
  const migrated = await migrate({ url: databaseUrl, lockTimeoutMs: 30_000 });
  const namespace = randomNamespace('demo');
  if (!nats.started) {
    cleanups.push({
      name: `bus namespace ${namespace} deleted (its streams and buckets)`,
      run: async () => {
        const { connect } = await import('@nats-io/transport-node');
        const { jetstreamManager } = await import('@nats-io/jetstream');
        const nc = await connect({ servers: nats.url, timeout: 5_000 });
        try {
          await destroyNamespace(await jetstreamManager(nc, { timeout: 5_000 }), namespace, 5_000);
        } finally {
          await nc.close();
        }
      },
    });
  }
  say(`database ${database} (${migrated.applied.length} migrations applied), bus namespace ${namespace}`);

  let node;
  if (realSwitch) {
    step(`FreeSWITCH at ${env.ESL} (gateway ${settings.gateway}, real time)`);
    const [host, port] = env.ESL.split(':');
    node = { id: settings.nodeId, host, port: Number(port), password: env.ESL_PASSWORD };
  } else {
    step(`fs-sim: 300 callees behind gateway "carrier", ${settings.speed}× speed, seed ${settings.seed}`);
    const sim = await startFsSimProcess({ root, scenario: SCENARIO, speed: settings.speed, clockOriginMs: origin, seed: settings.seed, onOutput: (line) => log('fs-sim', line) });
    cleanups.push({ name: 'fs-sim stopped', run: sim.stop });
    node = { id: settings.nodeId, host: sim.host, port: sim.port, password: sim.password };
    say(`listening on ${sim.host}:${sim.port} (pid ${sim.pid}); scenario ${SCENARIO.slice(root.length)}`);
    for (const { area, count, behaviour } of BLOCKS) say(`  +1 ${area} 555 01xx  ${String(count).padStart(3)} callees: ${behaviour}`);
  }
  interrupted.signal.throwIfAborted();

  step('services: campaign, media, dialer');
  const stack = await startStack({ databaseUrl, natsUrl: nats.url, namespace, clockSpeed: settings.speed, clockOriginMs: origin, nodes: [node], logLevel: env.LOG_LEVEL ?? 'info', onOutput: log });
  cleanups.push({ name: 'services stopped (campaign, media, dialer)', run: () => stack.stop() });
  for (const p of stack.processes) say(`${p.name.padEnd(9)} pid ${p.pid()}  metrics ${p.metricsUrl}`);
  say(`campaign API on ${stack.campaignAddress}; logs in ${logFile.slice(root.length)}`);
  const operator = new CampaignClient({ address: stack.campaignAddress, credential: stack.adminToken, timeoutMs: 10_000 });
  cleanups.push({ name: 'API client closed', run: async () => operator.close() });
  await waitForCampaignService(operator);

  const contacts = generateContacts({ seed: settings.seed });
  contacts.path = `${runDir}/payment-reminders.csv`;
  await writeFile(contacts.path, contacts.csv);
  const plan = openNowSchedule(clock.nowMs(), settings.timezone);
  const { client, campaign, imported } = await setUpCampaign({
    operator,
    address: stack.campaignAddress,
    adminToken: stack.adminToken,
    step,
    say,
    trunk: { nodeId: settings.nodeId, gateway: settings.gateway, channels: settings.channels, callsPerSecond: settings.callsPerSecond },
    plan,
    contacts: { ...contacts, path: contacts.path.slice(root.length) },
    defaultRegion: settings.defaultRegion,
    timezone: settings.timezone,
    stamp,
  });

  step(`calling (one simulated minute every ${(60 / settings.speed).toFixed(1)} s; at most ${settings.timeoutS} s)`);
  const callingFrom = Date.now();
  const { last, timedOut } = await watch(client, campaign.id, settings.timezone, settings.timeoutS * 1000);
  const { campaign: after } = await client.getCampaign({ id: campaign.id });
  if (timedOut) say(`the campaign did not complete within ${settings.timeoutS} s (state ${after.state.replace('CAMPAIGN_STATE_', '')})`);
  else say(`${after.state.replace('CAMPAIGN_STATE_', '')} after ${Math.round((Date.now() - callingFrom) / 1000)} s, ${last?.attempts ?? 0} calls`);

  for (const line of await paceFigures(stack, settings.speed)) say(line);

  step('results');
  const results = await collectResults(client, { campaignId: campaign.id, importId: imported.id });
  printResults(results, { say });
  const scenario = compareWithScenario(results.contacts, BLOCKS);
  if (!realSwitch) {
    say('');
    say('by callee block (final state, attempts, and what the scenario has them do):');
    for (const line of scenario.lines) say(`  ${line}`);
  }
  await writeFile(`${runDir}/results.csv`, ['list,number_masked,attempts', ...results.lists.flatMap((list) => list.entries.map((e) => `${list.name},${e.label},${e.attempts ?? ''}`))].join('\n') + '\n');
  const problems = checkResults({ results, campaignState: after.state, imported, expected: realSwitch ? undefined : contacts.expected });
  if (!realSwitch && !scenario.matches) problems.push('some contacts did not end as their callees behaved (✖ above)');
  console.log('');
  if (problems.length > 0) {
    for (const problem of problems) console.log(`  ✖ ${problem}`);
    console.log(`\n${bold('demo failed')} after ${Math.round((Date.now() - startedAt) / 1000)} s; logs in ${logFile.slice(root.length)}`);
    return 1;
  }
  say(`✔ ${results.contacts.length} contacts imported = the sum of the final lists; ${imported.counts.rejected} rows refused at import with a reason each`);
  console.log(`\n${bold('demo done')} in ${Math.round((Date.now() - startedAt) / 1000)} s (lists in ${runDir.slice(root.length)}/results.csv)`);
  return 0;
}

let code;
try {
  code = await main();
} catch (error) {
  console.error(`\ndemo failed: ${error.message}`);
  code = interrupted.signal.aborted ? 130 : 1;
} finally {
  step('stopping what the demo started');
  await cleanUp();
}
process.exit(code);
