// FreeSWITCH XML configuration read the way FreeSWITCH 1.10 reads it: the line-based preprocessor of
// src/switch_xml.c (preprocess(), preprocess_glob()) expands includes and records set/env-set, then the
// whole document must parse as XML. Parsing uses saxes, a strict parser, so a file FreeSWITCH would reject
// as malformed is rejected here too.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { SaxesParser } from 'saxes';

export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  /** Text of XML comments directly inside this element. */
  readonly comments: readonly string[];
}

/** Parses `source` strictly; throws with the parser's message (line and column) when it is not well-formed. */
export function parseXml(source: string): XmlElement {
  const parser = new SaxesParser<{ xmlns: false }>({ xmlns: false });
  const root: { children: XmlElement[]; comments: string[] } = { children: [], comments: [] };
  const stack: { children: XmlElement[]; comments: string[] }[] = [root];
  let failure: Error | undefined;
  parser.on('error', (error) => {
    failure ??= error;
  });
  parser.on('opentag', (tag) => {
    const attributes: Record<string, string> = { ...tag.attributes };
    const element = { name: tag.name, attributes, children: [] as XmlElement[], comments: [] as string[] };
    stack.at(-1)?.children.push(element);
    stack.push(element);
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  parser.on('comment', (text) => {
    stack.at(-1)?.comments.push(text);
  });
  parser.write(source).close();
  if (failure !== undefined) throw failure;
  const [top] = root.children;
  if (top === undefined || root.children.length !== 1) throw new Error('a document needs exactly one root element');
  return top;
}

/** Every element of `tree` named `name`, depth first. */
export function findElements(tree: XmlElement, name: string): XmlElement[] {
  const found = tree.name === name ? [tree] : [];
  return found.concat(tree.children.flatMap((child) => findElements(child, name)));
}

export interface Directive {
  /** File (relative to the configuration root) and 1-based line. */
  readonly file: string;
  readonly line: number;
  readonly cmd: string;
  readonly data: string;
}

export interface Include extends Directive {
  /** Files the pattern matched, relative to the root. */
  readonly matched: readonly string[];
  /** The directory the pattern's glob runs in exists. */
  readonly directoryExists: boolean;
}

export interface Preprocessed {
  /** The document FreeSWITCH hands to its XML parser. */
  readonly text: string;
  readonly includes: readonly Include[];
  /** set, env-set and every other non-include directive, in the order FreeSWITCH runs them. */
  readonly directives: readonly Directive[];
  /** Lines FreeSWITCH drops whole because they hold `<include>`, `</include>` or `<?` beside other text. */
  readonly droppedLines: readonly { readonly file: string; readonly line: number; readonly text: string }[];
}

const DIRECTIVE = /<X-PRE-PROCESS\s+cmd="([^"]*)"\s+data="([^"]*)"\s*\/>/i;

/**
 * Runs the preprocessor from `entry` (e.g. freeswitch.xml) under `root`. Variables are not expanded: the
 * text keeps `$${name}` as written (FreeSWITCH would substitute the value, which changes no structure as
 * long as values hold no markup).
 */
export function preprocess(root: string, entry: string): Preprocessed {
  const includes: Include[] = [];
  const directives: Directive[] = [];
  const droppedLines: { file: string; line: number; text: string }[] = [];
  const out: string[] = [];
  const visit = (path: string, depth: number): void => {
    if (depth > 100) throw new Error(`${relative(root, path)}: includes nest deeper than FreeSWITCH allows`);
    const file = relative(root, path);
    readFileSync(path, 'utf8').split('\n').forEach((text, index) => {
      const line = index + 1;
      if (text.includes('<include>') || text.includes('</include>') || text.includes('<?')) {
        if (!/^\s*(<include>|<\/include>|<\?xml[^>]*\?>)\s*$/.test(text)) droppedLines.push({ file, line, text });
        return;
      }
      const marker = text.search(/X-PRE-PROCESS/i);
      if (marker >= 0) {
        const directive = DIRECTIVE.exec(text);
        if (text[marker - 1] !== '<' || directive === null) {
          droppedLines.push({ file, line, text });
          return;
        }
        const cmd = (directive[1] ?? '').toLowerCase();
        const data = directive[2] ?? '';
        if (cmd === 'include') {
          const { matched, directoryExists } = glob(dirname(path), data);
          includes.push({ file, line, cmd, data, matched: matched.map((match) => relative(root, match)), directoryExists });
          for (const match of matched) visit(match, depth + 1);
        } else {
          directives.push({ file, line, cmd, data });
        }
        return;
      }
      out.push(text);
    });
  };
  visit(join(root, entry), 0);
  return { text: out.join('\n'), includes, directives, droppedLines };
}

/** The subset of glob(3) the configuration uses: a literal path, or `*` within the last segment. */
function glob(cwd: string, pattern: string): { matched: string[]; directoryExists: boolean } {
  const full = join(cwd, pattern);
  const directory = dirname(full);
  const directoryExists = isDirectory(directory);
  if (!pattern.includes('*')) return { matched: isFile(full) ? [full] : [], directoryExists };
  if (dirname(pattern).includes('*')) throw new Error(`${pattern}: a wildcard outside the last segment is not supported here`);
  if (!directoryExists) return { matched: [], directoryExists };
  const name = new RegExp(`^${basename(full).split('*').map(escapeRegExp).join('[^/]*')}$`);
  const matched = readdirSync(directory)
    .filter((entry) => !entry.startsWith('.') && name.test(entry))
    .sort()
    .map((entry) => join(directory, entry))
    .filter(isFile);
  return { matched, directoryExists };
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
