// The building blocks every verb's schema shares: node ids and references, keys, audio paths, tones,
// prompts and the loop bound. Messages are written for the operator who edits the document.
import { z } from 'zod';
import type { Prompt } from './audio.js';
import { durationField } from './duration.js';
import { FIELD_NAME, parseTemplate } from './template.js';

export const NODE_ID = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
export const NODE_ID_RULE = 'a node id starts with a letter and has up to 64 letters, digits, "-" or "_"';

/** The sixteen DTMF keys. */
export const DTMF_KEYS = '0123456789*#ABCD';

/** A reference to another node; whether it exists is checked across the whole document ("unknown node"). */
export const nodeRef = z.string('must be a node id').min(1, 'must be a node id');

export const fieldName = z
  .string('must be a field name')
  .regex(FIELD_NAME, 'a field name has letters, digits and _, does not start with a digit, and is at most 64 long');

/** Text that may contain `{field}`; its syntax is checked here, its fields across the document. */
export const templateText = (maxLength: number) =>
  z
    .string('must be text')
    .max(maxLength, `must be at most ${maxLength} characters`)
    .superRefine((text, ctx) => {
      const parsed = parseTemplate(text);
      if (!parsed.ok) {
        for (const p of parsed.problems) ctx.addIssue({ code: 'custom', message: `${p.message} at character ${p.offset + 1}`, params: { problem: 'template' } });
      }
    });

export const dtmfKeys = (what: string) =>
  z
    .string(`must be a string of keys`)
    .regex(/^[0-9*#A-D]*$/, `${what} may contain only the keys 0-9, *, # and A-D`)
    .refine((keys) => new Set(keys).size === keys.length, `${what} lists a key twice`);

/** Why an audio path is refused, or undefined when it stays inside the tenant's sound library. */
export function audioPathProblem(path: string): string | undefined {
  if (path.trim() === '') return 'must not be empty';
  if (path.length > 255) return 'must be at most 255 characters';
  if (path.includes('\\')) return 'use "/" between folders, not "\\"';
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) return 'must be relative to the sound library, not absolute';
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(path)) return 'must be a file in the sound library, not a URL';
  if (path.split('/').some((segment) => segment === '..')) return 'must not contain ".." (files stay inside the sound library)';
  if ([...path].some((char) => char.charCodeAt(0) < 0x20)) return 'must not contain control characters';
  return undefined;
}

export const audioPath = z.string('must be a file path').superRefine((path, ctx) => {
  const message = audioPathProblem(path);
  if (message !== undefined) ctx.addIssue({ code: 'custom', message, params: { problem: 'bad_path' } });
});

export const toneSchema = z
  .strictObject({
    frequenciesHz: z
      .array(z.number('must be a number of hertz').int('must be a whole number of hertz').min(20, 'must be at least 20 Hz').max(4000, 'must be at most 4000 Hz (telephone audio)'), 'must be a list of frequencies in hertz')
      .min(1, 'must list at least one frequency')
      .max(4, 'must list at most four frequencies'),
    duration: durationField({ min: '50ms', max: '60s', default: '1s' }),
  })
  .transform((tone) => ({ frequenciesHz: tone.frequenciesHz, durationMs: tone.duration }));

export const LANGUAGE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
export const voiceFields = {
  voice: z.string('must be a voice name').min(1, 'must not be empty').max(64, 'must be at most 64 characters').optional(),
  language: z.string('must be a language tag').regex(LANGUAGE, 'must be a language tag such as "en-US" or "zh-CN"').optional(),
};

/** What a collect or record plays first: exactly one of `say`, `play` or `tone`. */
export const promptSchema = z
  .strictObject({ say: templateText(2000).optional(), play: audioPath.optional(), tone: toneSchema.optional(), ...voiceFields })
  .superRefine((prompt, ctx) => {
    const given = [prompt.say, prompt.play, prompt.tone].filter((part) => part !== undefined).length;
    if (given !== 1) ctx.addIssue({ code: 'custom', message: 'a prompt has exactly one of say, play or tone' });
    if (prompt.say === undefined && (prompt.voice !== undefined || prompt.language !== undefined)) {
      ctx.addIssue({ code: 'custom', message: 'voice and language apply only to say' });
    }
  });
export type PromptDocument = z.output<typeof promptSchema>;

/** A prompt as the document holds it; `say` is still a template. */
export function promptOf(doc: PromptDocument): Prompt {
  if (doc.play !== undefined) return { kind: 'file', file: doc.play };
  if (doc.tone !== undefined) return { kind: 'tone', tone: doc.tone };
  return { kind: 'say', text: doc.say ?? '', ...(doc.voice === undefined ? {} : { voice: doc.voice }), ...(doc.language === undefined ? {} : { language: doc.language }) };
}

/** The loop bound every node may carry: after `maxVisits` entries, the flow goes to `onMaxVisits` instead. */
export const boundFields = {
  maxVisits: z.number('must be a number').int('must be a whole number').min(1, 'must be at least 1').max(100, 'must be at most 100').optional(),
  onMaxVisits: nodeRef.optional(),
  /** Free text for the people who edit the flow. */
  description: z.string('must be text').max(500, 'must be at most 500 characters').optional(),
};

const MAX_PATTERN_QUANTIFIERS = 4;
const MAX_PATTERN_ALTERNATIVES = 10;

/**
 * Why a `valid` pattern is refused as too costly, if it is. Tenants write these patterns and the media
 * service runs them on every entry, so backtracking must stay small: no repeated groups (the "(a+)+" kind
 * whose cost doubles per key), few repetition operators, few alternatives.
 */
export function costlyPatternProblem(pattern: string): string | undefined {
  let quantifiers = 0;
  let alternatives = 0;
  let inClass = false;
  for (let i = 0; i < pattern.length; i += 1) {
    const char = pattern[i];
    const previous = pattern[i - 1];
    if (char === '\\') {
      i += 1;
      continue;
    }
    if (inClass) {
      if (char === ']') inClass = false;
      continue;
    }
    if (char === '[') inClass = true;
    else if (char === '|') alternatives += 1;
    else if (char === '*' || char === '+' || (char === '?' && previous !== '(') || (char === '{' && /^\{\d/.test(pattern.slice(i)))) {
      if (previous === ')') return 'must not repeat a group (write [12]+ rather than (1|2)+)';
      quantifiers += 1;
    }
  }
  if (quantifiers > MAX_PATTERN_QUANTIFIERS) return `must have at most ${MAX_PATTERN_QUANTIFIERS} repetition operators (*, +, ?, {n,m})`;
  if (alternatives > MAX_PATTERN_ALTERNATIVES) return `must have at most ${MAX_PATTERN_ALTERNATIVES} "|" (use a class such as [1-5])`;
  return undefined;
}

/** A regular expression the whole value must match, checked for syntax and cost. */
export const safePattern = z
  .string('must be a regular expression')
  .max(200, 'must be at most 200 characters')
  .superRefine((pattern, ctx) => {
    try {
      new RegExp(pattern);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: `is not a valid regular expression: ${(error as Error).message}` });
      return;
    }
    const costly = costlyPatternProblem(pattern);
    if (costly !== undefined) ctx.addIssue({ code: 'custom', message: costly });
  });
