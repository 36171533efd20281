// validateFlow: checks a flow document completely — schema, ids, targets, reachability, loop bounds,
// template fields, result marks — and returns every problem with its path, or the validated Flow.
import { ValidationError } from '@ringpace/errors';
import { BUILT_IN_FIELDS, type Flow } from './flow.js';
import { reachableFrom, unboundedLoops, type GraphNode } from './graph.js';
import { formatPath, problem, ProblemCode, toFlowProblem, type FlowProblem, type PathSegment, type RawProblem, type SourcePosition } from './problem.js';
import { BUILT_IN_RESULTS, RESULT_NAME, RESULT_NAME_RULE } from './results.js';
import { NODE_ID, NODE_ID_RULE } from './schema-parts.js';
import { didYouMean } from './suggest.js';
import { parseTemplate } from './template.js';
import { nodeFacts, nodeSchema, VERB_FIELDS, type FlowNode } from './verbs/index.js';
import type { NodeFacts } from './verbs/verb.js';
import { VERBS } from './verbs/verb-kind.js';
import { issueProblems } from './zod-problems.js';

export interface ValidateFlowOptions {
  /**
   * The contact fields of the campaign's contacts (import columns). Templates and branches may then name
   * only these, the built-ins (phone, name) and variables the flow sets. Omit to skip that check, for a
   * flow not yet tied to a campaign.
   */
  readonly contactFields?: Iterable<string>;
  /** Maps a path to its place in the source text (from parseFlowDocument), to add line and column. */
  readonly locate?: (segments: readonly PathSegment[]) => SourcePosition | undefined;
}

export type FlowValidation = { readonly ok: true; readonly flow: Flow } | { readonly ok: false; readonly problems: readonly FlowProblem[] };

/** Nodes beyond this are refused: a notice flow has a handful; thousands means a generator went wrong. */
export const MAX_NODES = 500;

const TOP_FIELDS = ['format', 'name', 'description', 'start', 'results', 'nodes'];

interface Entry {
  readonly id: string;
  readonly at: readonly PathSegment[];
  readonly raw: Record<string, unknown>;
  /** Set when the node is well-formed: it goes into the flow. */
  node?: FlowNode;
  /** The node, or the node without its broken optional fields, for the checks that span nodes. */
  checked?: FlowNode;
  facts?: NodeFacts;
  /** False when a broken field may hide an edge. */
  edgesKnown: boolean;
}

const EDGE_FIELDS = new Set(['verb', 'next', 'onError', 'onFail', 'default', 'cases', 'when', 'onMaxVisits']);

/**
 * Parses one node. A node that fails is retried without its broken fields, so that one typo does not
 * hide the node's other problems (an unknown target, a template field) behind it.
 */
function checkNode(entry: Entry, problems: RawProblem[]): void {
  const parsed = nodeSchema.safeParse(entry.raw);
  if (parsed.success) {
    entry.node = { ...parsed.data, id: entry.id };
    entry.checked = entry.node;
    entry.facts = nodeFacts(entry.node);
    return;
  }
  const verb = entry.raw['verb'];
  const fields = typeof verb === 'string' ? VERB_FIELDS[verb] : undefined;
  const found = issueProblems(parsed.error.issues, { input: entry.raw, prefix: entry.at, verbs: VERBS, ...(fields === undefined ? {} : { fields }) });
  problems.push(...found);
  const broken = new Set(found.map((p) => p.segments[entry.at.length]));
  entry.edgesKnown = ![...broken].some((key) => key === undefined || (typeof key === 'string' && EDGE_FIELDS.has(key)));
  if (broken.has(undefined)) return;
  const repaired = nodeSchema.safeParse(Object.fromEntries(Object.entries(entry.raw).filter(([key]) => !broken.has(key))));
  if (!repaired.success) {
    entry.edgesKnown = false;
    return;
  }
  entry.checked = { ...repaired.data, id: entry.id };
  entry.facts = nodeFacts(entry.checked);
}

/** Variables a broken node would set, so templates elsewhere that use them are not reported. */
function rawSets(raw: Record<string, unknown>): string[] {
  const into = typeof raw['into'] === 'string' ? [raw['into']] : [];
  const keys = (value: unknown) => (isMapping(value) ? Object.keys(value) : []);
  return [...into, ...keys(raw['assign']), ...keys(raw['values'])];
}

const isMapping = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** The node entries of `nodes` (a mapping of id to node, or a list of nodes with `id`), with id problems. */
function entriesOf(nodes: unknown, problems: RawProblem[]): Entry[] {
  const entries: Entry[] = [];
  const firstAt = new Map<string, readonly PathSegment[]>();
  const add = (id: string, at: readonly PathSegment[], idAt: readonly PathSegment[], raw: unknown) => {
    if (!isMapping(raw)) {
      problems.push(problem(at, ProblemCode.Schema, `a node is a mapping with a verb, not ${Array.isArray(raw) ? 'a list' : JSON.stringify(raw)}`));
      return;
    }
    if (!NODE_ID.test(id)) problems.push(problem(idAt, ProblemCode.Schema, `"${id}" is not a node id: ${NODE_ID_RULE}`));
    const first = firstAt.get(id);
    if (first !== undefined) {
      problems.push(problem(idAt, ProblemCode.DuplicateId, `duplicate node id "${id}": ${formatPath(first)} has it too`));
      return;
    }
    firstAt.set(id, at);
    const { id: _id, ...rest } = raw;
    entries.push({ id, at, raw: rest, edgesKnown: true });
  };
  if (Array.isArray(nodes)) {
    nodes.forEach((raw: unknown, index) => {
      const at = ['nodes', index];
      const id = isMapping(raw) ? raw['id'] : undefined;
      if (typeof id !== 'string') problems.push(problem([...at, 'id'], ProblemCode.Schema, id === undefined ? 'is required: every node in a list needs an id' : 'must be text'));
      else add(id, at, [...at, 'id'], raw);
    });
  } else if (isMapping(nodes)) {
    for (const [key, raw] of Object.entries(nodes)) {
      const at = ['nodes', key];
      if (isMapping(raw) && raw['id'] !== undefined && raw['id'] !== key) problems.push(problem([...at, 'id'], ProblemCode.Schema, `differs from the node's key "${key}" (leave id out of a mapping of nodes)`));
      add(key, at, at, raw);
    }
  }
  return entries;
}

const TARGET_KEYS = new Set(['next', 'onError', 'onFail', 'default', 'other', 'noInput', 'invalid']);
const TARGET_MAPS = new Set(['digits', 'cases']);

/** Best-effort edges of a node that failed its schema, so one broken node does not hide graph problems. */
function rawEdges(value: unknown, key?: string, parentKey?: string): string[] {
  if (typeof value === 'string') return (key !== undefined && TARGET_KEYS.has(key)) || (parentKey !== undefined && TARGET_MAPS.has(parentKey)) ? [value] : [];
  if (Array.isArray(value)) return value.flatMap((item) => rawEdges(item, undefined, key));
  if (isMapping(value)) return Object.entries(value).flatMap(([k, v]) => (k === 'onMaxVisits' ? [] : rawEdges(v, k, key)));
  return [];
}

function checkEnvelope(document: Record<string, unknown>, problems: RawProblem[]): void {
  for (const key of Object.keys(document)) {
    if (!TOP_FIELDS.includes(key)) problems.push(problem([key], ProblemCode.Schema, `unknown field "${key}"${didYouMean(key, TOP_FIELDS)}`));
  }
  if (document['format'] !== undefined && document['format'] !== 1) problems.push(problem(['format'], ProblemCode.Schema, 'must be 1, the only document format so far'));
  for (const key of ['name', 'description'] as const) {
    const value = document[key];
    if (value !== undefined && (typeof value !== 'string' || value.length > 500)) problems.push(problem([key], ProblemCode.Schema, 'must be text of at most 500 characters'));
  }
  const results = document['results'];
  if (results !== undefined && !Array.isArray(results)) problems.push(problem(['results'], ProblemCode.Schema, 'must be a list of result names'));
  if (Array.isArray(results)) {
    results.forEach((result: unknown, index) => {
      if (typeof result !== 'string' || !RESULT_NAME.test(result)) problems.push(problem(['results', index], ProblemCode.Schema, RESULT_NAME_RULE));
    });
  }
  const start = document['start'];
  if (start === undefined) problems.push(problem(['start'], ProblemCode.MissingStart, 'is required: the id of the node the call begins at'));
  else if (typeof start !== 'string') problems.push(problem(['start'], ProblemCode.Schema, 'must be a node id'));
  const nodes = document['nodes'];
  if (nodes === undefined) problems.push(problem(['nodes'], ProblemCode.Schema, 'is required: a mapping of node ids to nodes'));
  else if (!isMapping(nodes) && !Array.isArray(nodes)) problems.push(problem(['nodes'], ProblemCode.Schema, 'must be a mapping of node ids to nodes, or a list of nodes with ids'));
  else if ((Array.isArray(nodes) ? nodes.length : Object.keys(nodes).length) === 0) problems.push(problem(['nodes'], ProblemCode.Schema, 'must have at least one node'));
  else if ((Array.isArray(nodes) ? nodes.length : Object.keys(nodes).length) > MAX_NODES) problems.push(problem(['nodes'], ProblemCode.Schema, `must have at most ${MAX_NODES} nodes`));
}

export function validateFlow(document: unknown, options: ValidateFlowOptions = {}): FlowValidation {
  const problems: RawProblem[] = [];
  const finish = (): FlowValidation => ({ ok: false, problems: problems.map((p) => toFlowProblem(p, options.locate)) });
  if (!isMapping(document)) {
    problems.push(problem([], ProblemCode.Schema, 'a flow document is a mapping with start and nodes'));
    return finish();
  }
  checkEnvelope(document, problems);
  const nodes = document['nodes'];
  const tooMany = (Array.isArray(nodes) ? nodes.length : isMapping(nodes) ? Object.keys(nodes).length : 0) > MAX_NODES;
  const entries = tooMany ? [] : entriesOf(nodes, problems);
  const byId = new Map(entries.map((entry) => [entry.id, entry]));
  const start = typeof document['start'] === 'string' ? document['start'] : undefined;
  if (start !== undefined && entries.length > 0 && !byId.has(start)) {
    problems.push(problem(['start'], ProblemCode.UnknownTarget, `unknown node "${start}"${didYouMean(start, byId.keys())}`));
  }
  const declared = Array.isArray(document['results']) ? document['results'].filter((r): r is string => typeof r === 'string') : [];
  const knownResults = new Set([...BUILT_IN_RESULTS, ...declared]);

  for (const entry of entries) checkNode(entry, problems);

  const variables = new Set(entries.flatMap((entry) => (entry.facts === undefined ? rawSets(entry.raw) : entry.facts.sets.map((set) => set.name))));
  const fieldNames = options.contactFields === undefined ? undefined : new Set([...options.contactFields, ...BUILT_IN_FIELDS, ...variables]);
  const unknownField = (name: string) =>
    `"${name}" is not a contact field, a built-in field (${BUILT_IN_FIELDS.join(', ')}) or a variable the flow sets${didYouMean(name, fieldNames ?? [])}`;

  const graph = new Map<string, GraphNode>();
  for (const entry of entries) {
    const checked = entry.checked;
    const nodeFact = entry.facts;
    if (checked === undefined || nodeFact === undefined) {
      const maxVisits = entry.raw['maxVisits'];
      const exhausted = typeof entry.raw['onMaxVisits'] === 'string' && byId.has(entry.raw['onMaxVisits']) ? entry.raw['onMaxVisits'] : undefined;
      const bounded = typeof maxVisits === 'number' && maxVisits >= 1 && exhausted !== undefined;
      graph.set(entry.id, { id: entry.id, edges: rawEdges(entry.raw).filter((t) => byId.has(t)), bounded, ...(exhausted === undefined ? {} : { exhausted }) });
      continue;
    }
    const at = (path: readonly PathSegment[]) => [...entry.at, ...path];
    if (checked.maxVisits !== undefined && checked.onMaxVisits === undefined) problems.push(problem(at(['onMaxVisits']), ProblemCode.Schema, 'is required with maxVisits: the node the flow goes to once this one has been entered maxVisits times'));
    if (checked.maxVisits === undefined && checked.onMaxVisits !== undefined) problems.push(problem(at(['maxVisits']), ProblemCode.Schema, 'is required with onMaxVisits: how many times the node may be entered'));
    const edges = checked.onMaxVisits === undefined ? nodeFact.edges : [...nodeFact.edges, { path: ['onMaxVisits'], target: checked.onMaxVisits }];
    for (const edge of edges) {
      if (!byId.has(edge.target)) problems.push(problem(at(edge.path), ProblemCode.UnknownTarget, `unknown node "${edge.target}"${didYouMean(edge.target, byId.keys())}`));
    }
    if (fieldNames !== undefined) {
      for (const use of nodeFact.templates) {
        const parsed = parseTemplate(use.template);
        if (!parsed.ok) continue;
        for (const name of parsed.fields) if (!fieldNames.has(name)) problems.push(problem(at(use.path), ProblemCode.UnknownField, `{${name}}: ${unknownField(name)}`));
      }
      for (const read of nodeFact.reads) if (!fieldNames.has(read.name)) problems.push(problem(at(read.path), ProblemCode.UnknownField, unknownField(read.name)));
    }
    for (const mark of nodeFact.results) {
      if (!knownResults.has(mark.result)) {
        problems.push(problem(at(mark.path), ProblemCode.UnknownResult, `"${mark.result}" is not a result: use one of ${BUILT_IN_RESULTS.join(', ')} or declare it under results${didYouMean(mark.result, knownResults)}`));
      }
    }
    problems.push(...nodeFact.problems.map((p) => problem(at(p.segments), p.code, p.message)));
    const exhausted = checked.onMaxVisits !== undefined && byId.has(checked.onMaxVisits) ? checked.onMaxVisits : undefined;
    graph.set(entry.id, {
      id: entry.id,
      edges: nodeFact.edges.map((e) => e.target).filter((t) => byId.has(t)),
      bounded: checked.maxVisits !== undefined && exhausted !== undefined,
      ...(exhausted === undefined ? {} : { exhausted }),
    });
  }

  if (start !== undefined && byId.has(start)) {
    const reached = reachableFrom(start, graph);
    // A reached node whose edges are broken may be the way to the others: "unreachable" would be noise.
    const complete = entries.every((entry) => !reached.has(entry.id) || entry.edgesKnown);
    if (complete) for (const entry of entries) if (!reached.has(entry.id)) problems.push(problem(entry.at, ProblemCode.Unreachable, `node "${entry.id}" is never reached from start "${start}"`));
  }
  for (const loop of unboundedLoops(graph)) {
    const first = byId.get(loop[0] ?? '');
    if (first === undefined) continue;
    problems.push(problem(first.at, ProblemCode.UnboundedLoop, `loop without a bound: ${loop.join(' → ')}; give one of its nodes maxVisits and onMaxVisits`));
  }

  if (problems.length > 0 || start === undefined) return finish();
  const name = document['name'];
  const description = document['description'];
  const flow: Flow = {
    format: 1,
    ...(typeof name === 'string' ? { name } : {}),
    ...(typeof description === 'string' ? { description } : {}),
    start,
    results: declared,
    nodes: new Map(entries.flatMap((entry) => (entry.node === undefined ? [] : [[entry.id, entry.node] as const]))),
  };
  return { ok: true, flow };
}

/** validateFlow for callers that treat problems as a failed request: throws ValidationError, one violation per problem. */
export function assertValidFlow(document: unknown, options: ValidateFlowOptions = {}): Flow {
  const validation = validateFlow(document, options);
  if (validation.ok) return validation.flow;
  throw new ValidationError(validation.problems.map((p) => ({ field: p.path, message: p.message })));
}
