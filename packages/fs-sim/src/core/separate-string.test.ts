import { describe, expect, it } from 'vitest';
import { separateString } from './separate-string.js';

describe('separateString › switch_separate_string as api commands use it', () => {
  it.each([
    ['words split on runs of spaces', 'a  b c', ' ', 10, ['a', 'b', 'c']],
    ['the last slot keeps the rest of the line', 'uuid var hello world=1&x', ' ', 3, ['uuid', 'var', 'hello world=1&x']],
    ['single quotes group words and are removed', "{a='x y'} &park()", ' ', 10, ['{a=x y}', '&park()']],
    ['a backslash keeps an escaped space inside the word', 'a\\ b c', ' ', 10, ['a\\ b', 'c']],
    ['\\s, \\n and \\t are unescaped', 'a\\sb x\\ty', ' ', 10, ['a b', 'x\ty']],
    ['trailing spaces are trimmed', 'a b  ', ' ', 10, ['a', 'b']],
    ['character delimiters keep empty pieces between them', 'x_a=1;;x_b=two', ';', 64, ['x_a=1', '', 'x_b=two']],
    ['^^ picks another delimiter', '^^:a:b', ' ', 10, ['a', 'b']],
    ['commas inside quotes stay together', "origination_caller_id_name='Doe, J',x=1", ',', 10, ['origination_caller_id_name=Doe, J', 'x=1']],
  ])('%s', (_name, text, delim, max, expected) => {
    expect(separateString(text, delim, max)).toEqual(expected);
  });
});
