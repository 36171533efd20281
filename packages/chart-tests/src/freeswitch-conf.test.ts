// freeswitch/conf, checked as FreeSWITCH 1.10 reads it: every file well-formed, the preprocessed document
// well-formed, includes resolving, no literal credential, and the dialplan doing what media relies on
// (originated calls parked under event-socket control, inbound calls refused).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { findElements, parseXml, preprocess, type Include, type Preprocessed, type XmlElement } from './fs-xml.js';

const CONF_DIR = fileURLToPath(new URL('../../../freeswitch/conf', import.meta.url));
/** Directories the chart mounts at run time: empty in the repository, so their globs may match nothing. */
const MOUNTED_DIRS = ['sip_profiles/external'];
/** Global variables FreeSWITCH's core sets itself (switch_core.c), usable in `$${…}` without a set. */
const CORE_VARIABLES = new Set(['local_ip_v4', 'local_ip_v6', 'hostname', 'recordings_dir', 'sounds_dir', 'base_dir', 'conf_dir']);
const REQUIRED_MODULES = ['mod_event_socket', 'mod_sofia', 'mod_dptools', 'mod_commands', 'mod_dialplan_xml', 'mod_sndfile', 'mod_tone_stream', 'mod_native_file', 'mod_flite', 'mod_logfile'];

function xmlFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return xmlFiles(path);
    return entry.name.endsWith('.xml') ? [path] : [];
  });
}

function params(element: XmlElement): Map<string, string> {
  return new Map(findElements(element, 'param').map((param) => [param.attributes['name'] ?? '', param.attributes['value'] ?? '']));
}

function only<T>(items: readonly T[], what: string): T {
  if (items.length !== 1 || items[0] === undefined) throw new Error(`expected exactly one ${what}, found ${items.length}`);
  return items[0];
}

let files: string[];
let conf: Preprocessed;
let document: XmlElement;

beforeAll(() => {
  files = xmlFiles(CONF_DIR).sort();
  conf = preprocess(CONF_DIR, 'freeswitch.xml');
  document = parseXml(conf.text);
});

function configuration(name: string): XmlElement {
  return only(findElements(document, 'configuration').filter((element) => element.attributes['name'] === name), `configuration ${name}`);
}

function context(name: string): XmlElement {
  return only(findElements(document, 'context').filter((element) => element.attributes['name'] === name), `context ${name}`);
}

describe('freeswitch/conf files', () => {
  it('conf › every XML file is well-formed on its own', () => {
    expect(files.length).toBeGreaterThan(8);
    const broken = files.flatMap((file) => {
      try {
        parseXml(readFileSync(file, 'utf8'));
        return [];
      } catch (error) {
        return [`${relative(CONF_DIR, file)}: ${String(error)}`];
      }
    });
    expect(broken).toEqual([]);
  });

  it('conf › the preprocessed document is well-formed and reaches every file', () => {
    expect(document.name).toBe('document');
    const reached = new Set(['freeswitch.xml', ...conf.includes.flatMap((include) => include.matched)]);
    expect(files.map((file) => relative(CONF_DIR, file)).filter((file) => !reached.has(file))).toEqual([]);
  });

  it('conf › every include resolves to a file, except globs over the directories the chart mounts', () => {
    const unresolved = conf.includes.filter((include) => include.matched.length === 0);
    const where = (include: Include): string => relative(CONF_DIR, dirname(join(CONF_DIR, dirname(include.file), include.data)));
    expect(unresolved.map(where)).toEqual(MOUNTED_DIRS);
    expect(conf.includes.filter((include) => !include.directoryExists).map((include) => `${include.file}:${include.line} ${include.data}`)).toEqual([]);
  });

  it('conf › no line is silently dropped by the preprocessor (a directive named in a comment, <include> beside other text)', () => {
    expect(conf.droppedLines).toEqual([]);
  });

  it('conf › every $${variable} is set before use or is one the core sets', () => {
    const defined = new Set(CORE_VARIABLES);
    for (const directive of conf.directives) {
      if (directive.cmd === 'set' || directive.cmd === 'env-set') defined.add(directive.data.split('=')[0]?.trim() ?? '');
    }
    const used = [...conf.text.matchAll(/\$\$\{([^}]+)\}/g)].map((match) => match[1] ?? '');
    expect(used.length).toBeGreaterThan(10);
    expect([...new Set(used.filter((name) => !defined.has(name)))]).toEqual([]);
  });

  it('conf › env-set reads only $VARIABLE names (FreeSWITCH ignores anything else)', () => {
    const envSets = conf.directives.filter((directive) => directive.cmd === 'env-set');
    expect(envSets.length).toBeGreaterThan(5);
    expect(envSets.filter((directive) => !/^[a-z_][a-z0-9_]*=\$[A-Z][A-Z0-9_]*$/.test(directive.data))).toEqual([]);
  });
});

describe('freeswitch/conf security', () => {
  it('event socket › the password is a variable from the environment, never a literal', () => {
    const settings = params(configuration('event_socket.conf'));
    expect(settings.get('password')).toBe('$${ringpace_esl_password}');
    expect(conf.directives).toContainEqual(expect.objectContaining({ cmd: 'env-set', data: 'ringpace_esl_password=$ESL_PASSWORD' }));
    expect(conf.text).not.toMatch(/ClueCon/i);
  });

  it('event socket › connections are filtered by a default-deny ACL that allows loopback', () => {
    const settings = params(configuration('event_socket.conf'));
    const listName = settings.get('apply-inbound-acl') ?? '';
    const list = only(findElements(configuration('acl.conf'), 'list').filter((element) => element.attributes['name'] === listName), `ACL ${listName}`);
    expect(list.attributes['default']).toBe('deny');
    expect(list.children.map((node) => [node.attributes['type'], node.attributes['cidr']])).toEqual([
      ['allow', '127.0.0.1/32'],
      ['allow', '$${ringpace_esl_allow_cidr}'],
    ]);
  });

  it('conf › no password, anywhere, is written literally', () => {
    const literal = findElements(document, 'param').filter((param) => /pass/i.test(param.attributes['name'] ?? '') && !/^\$\$\{[a-z0-9_]+\}$/.test(param.attributes['value'] ?? ''));
    expect(literal).toEqual([]);
  });
});

describe('freeswitch/conf modules and profile', () => {
  it('modules › loads exactly the modules media needs', () => {
    const loaded = findElements(configuration('modules.conf'), 'load').map((load) => load.attributes['module']);
    expect([...loaded].sort()).toEqual([...REQUIRED_MODULES].sort());
  });

  it('switch › session limits and the RTP range come from the environment', () => {
    const settings = params(configuration('switch.conf'));
    for (const name of ['max-sessions', 'sessions-per-second', 'rtp-start-port', 'rtp-end-port']) expect(settings.get(name)).toMatch(/^\$\$\{ringpace_[a-z_]+\}$/);
  });

  it('sofia › one external profile, its inbound calls landing in a context that exists, its gateways from the mounted directory', () => {
    const profile = only(findElements(configuration('sofia.conf'), 'profile'), 'SIP profile');
    expect(profile.attributes['name']).toBe('external');
    const settings = params(profile);
    expect(settings.get('context')).toBe('ringpace-inbound');
    expect(settings.get('auth-calls')).toBe('false');
    expect(settings.get('ext-sip-ip')).toBe('$${ringpace_ext_sip_ip}');
    expect(settings.get('ext-rtp-ip')).toBe('$${ringpace_ext_rtp_ip}');
    context(settings.get('context') ?? '');
  });
});

describe('freeswitch/conf dialplan', () => {
  function actions(extension: XmlElement): string[] {
    return findElements(extension, 'action').map((action) => `${action.attributes['application'] ?? ''} ${action.attributes['data'] ?? ''}`.trim());
  }

  it('dialplan › the ringpace context parks a call carrying ringpace_attempt_id, first', () => {
    const [first] = findElements(context('ringpace'), 'extension');
    expect(first).toBeDefined();
    const condition = only(findElements(first ?? context('ringpace'), 'condition'), 'condition');
    expect(condition.attributes).toEqual({ field: '${ringpace_attempt_id}', expression: '^.+$' });
    expect(actions(condition)).toEqual(['park']);
  });

  it('dialplan › a call in the ringpace context without an attempt id is refused', () => {
    const last = findElements(context('ringpace'), 'extension').at(-1);
    expect(last === undefined ? [] : actions(last)).toEqual(['hangup CALL_REJECTED']);
  });

  it('dialplan › a transfer to an agent queue (media QUEUE_CONTEXT ringpace_queues) parks the call, tagged with its queue', () => {
    const [queue] = findElements(context('ringpace_queues'), 'extension');
    expect(queue === undefined ? [] : actions(queue)).toEqual(['set ringpace_queue=$1', 'park']);
  });

  it('dialplan › every inbound call is refused unanswered: the inbound context only hangs up', () => {
    const all = findElements(context('ringpace-inbound'), 'action').map((action) => action.attributes['application']);
    expect(all).toEqual(['hangup']);
    expect(findElements(context('ringpace-inbound'), 'condition').map((condition) => condition.attributes['expression'])).toEqual(['^.*$']);
  });
});
