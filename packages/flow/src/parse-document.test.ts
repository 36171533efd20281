import { describe, expect, it } from 'vitest';
import { MAX_DOCUMENT_CHARS, parseFlowDocument } from './parse-document.js';

const yamlFlow = `start: hello
nodes:
  hello:
    verb: say
    text: Hello {name}
    next: bye
  bye:
    verb: hangup
    result: completed
`;

describe('parseFlowDocument', () => {
  it('YAML › gives the document as plain values', () => {
    const parsed = parseFlowDocument(yamlFlow);
    expect(parsed).toMatchObject({ ok: true, format: 'yaml', document: { start: 'hello', nodes: { hello: { verb: 'say' }, bye: { result: 'completed' } } } });
  });

  it('JSON › text starting with "{" is read as JSON without being told', () => {
    const parsed = parseFlowDocument('{"start": "a", "nodes": {"a": {"verb": "hangup", "result": "completed"}}}');
    expect(parsed).toMatchObject({ ok: true, format: 'json', document: { start: 'a' } });
  });

  it('YAML › digit keys and a quoted "#" both become string keys', () => {
    const parsed = parseFlowDocument('digits:\n  "#": a\n  1: b\n');
    expect(parsed.ok && parsed.document).toEqual({ digits: { '#': 'a', '1': 'b' } });
  });

  it.each([
    ['json', '{\n  "start": "a",\n  "nodes": }', 3, 12, 'expected a value'],
    ['json', '{\n  "start": "a",\n}', 3, 1, 'trailing comma'],
    ['json', '{"start": \'a\'}', 1, 11, 'expected a value'],
    ['json', '{"a": "b\nc"}', 1, 9, 'control character'],
    ['json', '{"a": 1} extra', 1, 10, 'after the end of the document'],
    ['json', '{"a" 1}', 1, 6, 'expected ":"'],
    ['yaml', 'start: a\nnodes:\n  a: {verb: say\n', 4, 1, 'invalid YAML'],
    ['yaml', 'start: a\n  nodes: b\n', 1, 8, 'invalid YAML'],
  ] as const)('%s syntax error › %j is reported at line %i, column %i', (format, text, line, column, message) => {
    const parsed = parseFlowDocument(text, format);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems[0]).toMatchObject({ path: '', code: 'syntax', line, column, message: expect.stringContaining(message) as string });
  });

  it.each([
    ['yaml', 'nodes:\n  ask:\n    verb: say\n  ask:\n    verb: play\n', 4],
    ['json', '{"nodes": {\n "ask": {},\n "ask": {}\n}}', 3],
  ] as const)('%s › a key given twice (two nodes with one id) is refused, not silently overwritten', (format, text, line) => {
    const parsed = parseFlowDocument(text, format);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems[0]).toMatchObject({ line, message: expect.stringContaining('the key "ask" appears twice') as string });
  });

  it('YAML › an alias bomb is refused instead of expanded', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 10; i += 1) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    const parsed = parseFlowDocument(lines.join('\n'));
    expect(parsed.ok).toBe(false);
  });

  it('refuses a document longer than the limit', () => {
    const parsed = parseFlowDocument(`# ${'x'.repeat(MAX_DOCUMENT_CHARS)}`);
    expect(parsed).toMatchObject({ ok: false, problems: [{ message: expect.stringContaining('longer than') as string }] });
  });

  it.each([
    [['nodes', 'hello', 'text'], 5, 11],
    [['nodes', 'bye'], 8, 5],
    [['nodes', 'hello', 'missing', 'deeper'], 4, 5],
    [['start'], 1, 8],
  ])('locate › %j is at line %i, column %i (a missing key at its nearest parent)', (segments, line, column) => {
    const parsed = parseFlowDocument(yamlFlow);
    expect(parsed.ok && parsed.locate(segments)).toEqual({ line, column });
  });

  it('locate › works for JSON too', () => {
    const parsed = parseFlowDocument('{\n  "start": "a",\n  "nodes": {\n    "a": {"verb": "hangup"}\n  }\n}');
    expect(parsed.ok && parsed.locate(['nodes', 'a', 'verb'])).toEqual({ line: 4, column: 19 });
  });
});
