// CPU profile of one stretch of a benchmark (node:inspector, in process), and a summary of where the
// self time went, by package and by function, so "where the time goes" is read from figures.
import { Session } from 'node:inspector/promises';

/** Starts sampling; the returned function stops and resolves to the profile (DevTools .cpuprofile JSON). */
export async function startProfile() {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    return profile;
  };
}

/** Who owns a frame: a package under node_modules, our own source tree, Node itself, or V8. */
function owner(url, functionName) {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node internals';
  const path = url.replace(/^file:\/\//, '');
  const inModules = path.lastIndexOf('/node_modules/');
  if (inModules >= 0) {
    const [scopeOrName, name] = path.slice(inModules + '/node_modules/'.length).split('/');
    return scopeOrName.startsWith('@') ? `${scopeOrName}/${name}` : scopeOrName;
  }
  const ours = /\/(packages|services)\/([^/]+)\//.exec(path);
  return ours === null ? path : `${ours[1]}/${ours[2]}`;
}

/**
 * Self time by owner and by function, as shares of all samples (idle included: time the process waited
 * on PostgreSQL or NATS shows as "(idle)").
 */
export function summarizeProfile(profile, top = 12) {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfSamples = new Map();
  for (const id of profile.samples) selfSamples.set(id, (selfSamples.get(id) ?? 0) + 1);
  const total = profile.samples.length;
  const byOwner = new Map();
  const byFunction = new Map();
  for (const [id, count] of selfSamples) {
    const { functionName, url, lineNumber } = nodes.get(id).callFrame;
    const who = owner(url, functionName);
    byOwner.set(who, (byOwner.get(who) ?? 0) + count);
    const name = `${functionName || '(anonymous)'} ${who}${url === '' ? '' : `:${lineNumber + 1}`}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + count);
  }
  const shares = (map) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, count]) => ({ name, percent: Math.round((count * 1_000) / total) / 10 }));
  return { samples: total, byOwner: shares(byOwner), byFunction: shares(byFunction) };
}
