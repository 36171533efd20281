import { describe, expect, it } from 'vitest';
import { parseTemplate, renderTemplate, renderTemplateWith, TemplateSyntaxError } from './template.js';

describe('templates', () => {
  it.each([
    ['Dear {name}, your bill of {amount} is due', { name: 'Li Lei', amount: '120.50' }, 'Dear Li Lei, your bill of 120.50 is due', []],
    ['{{name}} stays literal', { name: 'x' }, '{name} stays literal', []],
    ['a }} and a {{ are braces', {}, 'a } and a { are braces', []],
    ['{{{name}}}', { name: 'x' }, '{x}', []],
    ['{name} and {name} again', { name: 'x' }, 'x and x again', []],
    ['hello {name}, {missing} and {gone}', { name: 'x' }, 'hello x,  and ', ['missing', 'gone']],
    ['no fields at all', {}, 'no fields at all', []],
    ['', {}, '', []],
  ] as const)('render › %j', (template, values, text, missing) => {
    expect(renderTemplate(template, values)).toEqual({ text, missing });
  });

  it('render › a value that looks like a template is not expanded again', () => {
    expect(renderTemplate('{a}', { a: '{b}', b: 'no' }).text).toBe('{b}');
  });

  it('render › a field named like an Object method is missing, not the method', () => {
    expect(renderTemplate('{constructor}', {})).toEqual({ text: '', missing: ['constructor'] });
  });

  it('parse › lists each field once, in order', () => {
    expect(parseTemplate('{b} {a} {b}')).toMatchObject({ ok: true, fields: ['b', 'a'] });
  });

  it.each([
    ['Dear {name', 5, '"{" is not closed'],
    ['a lone } here', 7, 'a lone "}"'],
    ['empty {} field', 6, 'empty field name'],
    ['{1st} place', 0, '"1st" is not a field name'],
    ['{first name}', 0, '"first name" is not a field name'],
    ['{a{b}', 0, '"{" is not closed'],
  ])('parse › %j is malformed at character %i', (template, offset, message) => {
    const parsed = parseTemplate(template);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems[0]).toMatchObject({ offset, message: expect.stringContaining(message) as string });
  });

  it('parse › reports every problem, not only the first', () => {
    const parsed = parseTemplate('{ } and } and {x');
    expect(parsed.ok ? [] : parsed.problems.map((p) => p.offset)).toEqual([0, 8, 14]);
  });

  it('render › a malformed template throws TemplateSyntaxError (INVALID_ARGUMENT)', () => {
    expect(() => renderTemplate('oops {', {})).toThrow(TemplateSyntaxError);
    try {
      renderTemplate('oops {', {});
    } catch (error) {
      expect(error).toMatchObject({ code: 'INVALID_ARGUMENT', retryable: false });
    }
  });

  it('render › the same template renders each time from the values given then', () => {
    expect(renderTemplate('Dear {name}', { name: 'Ann' }).text).toBe('Dear Ann');
    expect(renderTemplate('Dear {name}', { name: 'Bo' }).text).toBe('Dear Bo');
    expect(renderTemplate('Dear {name}', {})).toEqual({ text: 'Dear ', missing: ['name'] });
  });

  it('render with a lookup › undefined is a missing field, an empty string a value', () => {
    const values = new Map([['name', 'Ann'], ['empty', '']]);
    expect(renderTemplateWith('{name}|{empty}|{gone}|{gone}', (name) => values.get(name))).toEqual({ text: 'Ann|||', missing: ['gone'] });
  });
});
