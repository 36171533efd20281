// switch_separate_string() of src/switch_utils.c (1.10.12): how api commands split their arguments. Single
// quotes group words and are removed, a backslash escapes the next character, and the last slot takes the
// rest of the line once the array is full.

export function separateString(text: string, delim: string, maxCount: number): string[] {
  let buf = text;
  let separator = delim;
  if (buf.startsWith('^^') && buf.length > 3) {
    separator = buf[2]!;
    buf = buf.slice(3);
  }
  const pieces = separator === ' ' ? splitBlank(buf, maxCount) : splitChar(buf, separator, maxCount);
  return pieces.map((piece) => cleanup(piece, separator === ' ' ? '' : separator));
}

interface Token {
  start: number;
  end?: number;
}

/** separate_string_blank_delim(): runs of spaces separate, quotes toggle, the last slot is never cut. */
function splitBlank(buf: string, maxCount: number): string[] {
  const tokens: Token[] = [];
  let state: 'start' | 'skipInitial' | 'find' | 'skipEnding' = 'start';
  let insideQuotes = false;
  let ptr = 0;
  while (ptr < buf.length && tokens.length <= maxCount) {
    if (state === 'start') {
      if (tokens.length === maxCount) break;
      tokens.push({ start: ptr });
      state = 'skipInitial';
      if (tokens.length === maxCount) break;
    } else if (state === 'skipInitial') {
      if (buf[ptr] === ' ') ptr++;
      else state = 'find';
    } else if (state === 'find') {
      const c = buf[ptr];
      if (c === '\\') ptr++;
      else if (c === "'") insideQuotes = !insideQuotes;
      else if (c === ' ' && !insideQuotes) {
        tokens[tokens.length - 1]!.end = ptr;
        state = 'skipEnding';
      }
      ptr++;
    } else if (buf[ptr] === ' ') {
      ptr++;
    } else {
      state = 'start';
    }
  }
  return tokens.map((token) => buf.slice(token.start, token.end ?? buf.length));
}

/** separate_string_char_delim(): every delimiter separates, quotes only count when they are closed later. */
function splitChar(buf: string, delim: string, maxCount: number): string[] {
  const tokens: Token[] = [];
  let state: 'start' | 'find' = 'start';
  let insideQuotes = false;
  let ptr = 0;
  while (ptr < buf.length) {
    if (state === 'start') {
      if (tokens.length === maxCount) break;
      tokens.push({ start: ptr });
      state = 'find';
      if (tokens.length === maxCount) break;
      continue;
    }
    const c = buf[ptr];
    if (c === '\\') ptr++;
    else if (c === "'" && (insideQuotes || buf.indexOf("'", ptr + 1) >= 0)) insideQuotes = !insideQuotes;
    else if (c === delim && !insideQuotes) {
      tokens[tokens.length - 1]!.end = ptr;
      state = 'start';
    }
    ptr++;
  }
  return tokens.map((token) => buf.slice(token.start, token.end ?? buf.length));
}

const UNESCAPE: Record<string, string> = { n: '\n', r: '\r', t: '\t', s: ' ' };

/** cleanup_separated_string(): leading spaces, quotes and escapes go, trailing spaces outside quotes go. */
function cleanup(piece: string, delim: string): string {
  let i = 0;
  while (piece[i] === ' ') i++;
  let dest = '';
  let end = -1;
  let insideQuotes = false;
  for (; i < piece.length; i++) {
    const c = piece[i]!;
    if (c === '\\' && i + 1 < piece.length) {
      const next = piece[i + 1]!;
      const unescaped = UNESCAPE[next];
      if (next === "'" || next === '"' || (delim !== '' && next === delim) || next === '\\' || unescaped !== undefined) {
        dest += unescaped ?? next;
        end = dest.length;
        i++;
        continue;
      }
    }
    if (c === "'" && (insideQuotes || piece.indexOf("'", i + 1) >= 0)) {
      insideQuotes = !insideQuotes;
      if (insideQuotes) end = dest.length;
      continue;
    }
    dest += c;
    if (c !== ' ' || insideQuotes) end = dest.length;
  }
  return end >= 0 ? dest.slice(0, end) : dest;
}
