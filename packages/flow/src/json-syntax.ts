// Finds where strict JSON (RFC 8259) goes wrong. JSON.parse on Node 20 does not always say where, and an
// operator needs a line and column, so this scanner only locates; JSON.parse still builds the value.

export interface JsonSyntaxError {
  /** 0-based character offset of the offending character. */
  readonly offset: number;
  readonly message: string;
}

const MAX_DEPTH = 200;

/** Unwinds the recursive scan at the first error; never escapes findJsonSyntaxError. */
class Fail extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  let i = 0;
  const at = () => text[i];
  const shown = () => (i >= text.length ? 'the end of the text' : JSON.stringify(text[i]));
  const space = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i] ?? '')) i += 1;
  };
  const string = () => {
    i += 1;
    for (;;) {
      const char = at();
      if (char === undefined) throw new Fail(i, 'unterminated string');
      if (char === '"') {
        i += 1;
        return;
      }
      if (char.charCodeAt(0) < 0x20) throw new Fail(i, 'control character inside a string (write \\n, \\t...)');
      if (char === '\\') {
        const escape = text[i + 1];
        if (escape === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) throw new Fail(i, 'invalid \\u escape');
          i += 6;
          continue;
        }
        if (escape === undefined || !'"\\/bfnrt'.includes(escape)) throw new Fail(i, 'invalid escape in a string');
        i += 2;
        continue;
      }
      i += 1;
    }
  };
  const value = (depth: number): void => {
    if (depth > MAX_DEPTH) throw new Fail(i, `nested deeper than ${MAX_DEPTH} levels`);
    space();
    const char = at();
    if (char === '{') {
      i += 1;
      space();
      if (at() === '}') {
        i += 1;
        return;
      }
      for (;;) {
        space();
        if (at() !== '"') throw new Fail(i, `expected a key in double quotes, found ${shown()}`);
        string();
        space();
        if (at() !== ':') throw new Fail(i, `expected ":" after the key, found ${shown()}`);
        i += 1;
        value(depth + 1);
        space();
        if (at() === ',') {
          i += 1;
          space();
          if (at() === '}') throw new Fail(i, 'trailing comma before "}"');
          continue;
        }
        if (at() === '}') {
          i += 1;
          return;
        }
        throw new Fail(i, `expected "," or "}", found ${shown()}`);
      }
    }
    if (char === '[') {
      i += 1;
      space();
      if (at() === ']') {
        i += 1;
        return;
      }
      for (;;) {
        value(depth + 1);
        space();
        if (at() === ',') {
          i += 1;
          space();
          if (at() === ']') throw new Fail(i, 'trailing comma before "]"');
          continue;
        }
        if (at() === ']') {
          i += 1;
          return;
        }
        throw new Fail(i, `expected "," or "]", found ${shown()}`);
      }
    }
    if (char === '"') return string();
    const number = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (number !== null && number[0] !== '' && number[0] !== '-') {
      i += number[0].length;
      return;
    }
    for (const literal of ['true', 'false', 'null']) {
      if (text.startsWith(literal, i)) {
        i += literal.length;
        return;
      }
    }
    throw new Fail(i, `expected a value, found ${shown()}`);
  };
  try {
    value(0);
    space();
    if (i < text.length) throw new Fail(i, `unexpected ${shown()} after the end of the document`);
    return undefined;
  } catch (error) {
    if (error instanceof Fail) return { offset: error.offset, message: error.message };
    throw error;
  }
}
