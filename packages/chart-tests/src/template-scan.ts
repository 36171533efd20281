// A static reading of Helm templates, enough to check them without a helm binary: which named templates a
// file reaches, which `.Values` paths its actions read, and which env variable names it writes.
import { ANY_KEY } from './helm-values.js';

/** A `define` block, or the top level of a template file (named after the file). */
export interface TemplateUnit {
  readonly name: string;
  readonly file: string;
  /** The unit's source with its actions in place (literal YAML lines included). */
  readonly text: string;
  /** The inside of each `{{ }}` action in order, comments left out. */
  readonly actions: readonly string[];
}

export interface ValueReference {
  readonly unit: string;
  /** The expression as written, e.g. `$svc.probes.startup` or `.Values.image.tag`. */
  readonly expression: string;
  /** Path into the values tree; `*` stands for every key of a map. */
  readonly path: readonly string[];
}

const ACTION = /\{\{-?\s*([\s\S]*?)\s*-?\}\}/g;
const OPENS_BLOCK = /^(define|if|with|range|block)\b/;
const DEFINE_NAME = /^define\s+"([^"]+)"/;
const STRING_LITERAL = /"((?:[^"\\]|\\.)*)"/g;
const VALUES_PATH = /\.Values((?:\.[A-Za-z_]\w*)+)/g;
const VARIABLE_PATH = /\$([A-Za-z_]\w*)((?:\.[A-Za-z_]\w*)+)/g;
// `$x := <something>.Values.a.b` or `$x := index <something>.Values.a.b <key>` (the latter: any key of a.b).
const VALUES_BINDING = /^\$([A-Za-z_]\w*)\s*:=\s*(index\s+)?\S*\.Values((?:\.[A-Za-z_]\w*)*)/;
const ENV_NAME = /^\s*-\s+name:\s+([A-Z][A-Z0-9_]*)\s*$/gm;

/** Splits one template file into its `define` blocks and its top level. */
export function parseTemplateFile(file: string, source: string): TemplateUnit[] {
  const units: TemplateUnit[] = [];
  const stack: { readonly define?: { name: string; bodyStart: number; actions: string[] } }[] = [];
  const topActions: string[] = [];
  let topText = '';
  let topFrom = 0;
  for (const match of source.matchAll(ACTION)) {
    const inside = match[1] ?? '';
    if (inside.startsWith('/*')) continue;
    const openDefine = stack.findLast((entry) => entry.define !== undefined)?.define;
    const defineName = DEFINE_NAME.exec(inside)?.[1];
    if (defineName !== undefined) {
      topText += source.slice(topFrom, match.index);
      stack.push({ define: { name: defineName, bodyStart: match.index + match[0].length, actions: [] } });
      continue;
    }
    if (/^end\b/.test(inside)) {
      const closed = stack.pop();
      if (closed === undefined) throw new Error(`${file}: {{ end }} without an open block`);
      if (closed.define !== undefined) {
        const { name, bodyStart, actions } = closed.define;
        units.push({ name, file, text: source.slice(bodyStart, match.index), actions });
        topFrom = match.index + match[0].length;
        continue;
      }
    } else if (OPENS_BLOCK.test(inside)) {
      stack.push({});
    }
    (openDefine?.actions ?? topActions).push(inside);
  }
  if (stack.length > 0) throw new Error(`${file}: ${stack.length} block(s) never closed`);
  units.push({ name: file, file, text: topText + source.slice(topFrom), actions: topActions });
  return units;
}

/**
 * The units a file's top level reaches: every string literal in an action that names a `define` counts as
 * a use, so a template passed by name (`"env" "ringpace.campaign.env"`) is followed like an `include`.
 */
export function reachableUnits(units: readonly TemplateUnit[], entryFile: string): TemplateUnit[] {
  const defines = new Map(units.filter((unit) => unit.name !== unit.file).map((unit) => [unit.name, unit]));
  const entry = units.find((unit) => unit.name === entryFile && unit.file === entryFile);
  if (entry === undefined) throw new Error(`no template file named ${entryFile}`);
  const reached = new Map<string, TemplateUnit>([[entry.name, entry]]);
  const queue = [entry];
  for (let unit = queue.shift(); unit !== undefined; unit = queue.shift()) {
    for (const action of unit.actions) {
      for (const literal of action.matchAll(STRING_LITERAL)) {
        const target = defines.get(literal[1] ?? '');
        if (target !== undefined && !reached.has(target.name)) {
          reached.set(target.name, target);
          queue.push(target);
        }
      }
    }
  }
  return [...reached.values()];
}

/**
 * Every values path a unit's actions read: `.Values.a.b` in any receiver (`$.Values`, `$root.Values`), and
 * `$x.c` where `$x` was bound to a values path in the same unit (`$svc := index $root.Values.services $c`
 * makes `$svc.replicas` read `services.*.replicas`).
 */
export function valueReferences(unit: TemplateUnit): ValueReference[] {
  const bindings = new Map<string, readonly string[]>();
  const references: ValueReference[] = [];
  for (const action of unit.actions) {
    for (const match of action.matchAll(VALUES_PATH)) {
      references.push({ unit: unit.name, expression: match[0], path: segments(match[1]) });
    }
    for (const match of action.matchAll(VARIABLE_PATH)) {
      const bound = bindings.get(match[1] ?? '');
      if (bound !== undefined) references.push({ unit: unit.name, expression: match[0], path: [...bound, ...segments(match[2])] });
    }
    const binding = VALUES_BINDING.exec(action);
    if (binding?.[1] !== undefined) {
      const path = segments(binding[3]);
      bindings.set(binding[1], binding[2] === undefined ? path : [...path, ANY_KEY]);
    }
  }
  return references;
}

/** Names of the env entries a unit writes literally (`- name: DATABASE_URL`). */
export function envNames(unit: TemplateUnit): string[] {
  return [...unit.text.matchAll(ENV_NAME)].map((match) => match[1] ?? '');
}

function segments(dotted: string | undefined): string[] {
  return (dotted ?? '').split('.').filter((segment) => segment !== '');
}
