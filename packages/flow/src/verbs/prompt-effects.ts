// Rendering and playing the prompts that collect and record share.
import type { Prompt } from '../audio.js';
import type { PlaybackOutcome } from '../call-port.js';
import type { VerbContext } from './verb.js';

export interface RenderedPrompt {
  readonly prompt: Prompt;
  readonly missing: readonly string[];
}

/** Fills the template of a spoken prompt; audio prompts pass through. */
export function renderPrompt(prompt: Prompt, ctx: VerbContext): RenderedPrompt {
  if (prompt.kind !== 'say') return { prompt, missing: [] };
  const rendered = ctx.render(prompt.text);
  return { prompt: { ...prompt, text: rendered.text }, missing: rendered.missing };
}

/** Plays a rendered prompt on its own (an invalid-entry or no-input message). */
export function playPrompt(nodeId: string, prompt: Prompt, ctx: VerbContext): Promise<PlaybackOutcome> {
  if (prompt.kind === 'say') {
    const { kind: _kind, ...speech } = prompt;
    return ctx.port.say({ nodeId, ...speech }, ctx.signal);
  }
  return ctx.port.play({ nodeId, audio: prompt }, ctx.signal);
}

export function promptText(prompt: Prompt | undefined): { text?: string } {
  return prompt?.kind === 'say' ? { text: prompt.text } : {};
}
