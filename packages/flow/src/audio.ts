// What a caller hears: an audio file from the tenant's sound library, a generated tone, or text to speech.
// Shared by the document schema (prompts), the interpreter and the call port.

export interface Tone {
  /** One to four frequencies mixed together, in hertz (440 alone; 350 and 440 for a dial tone). */
  readonly frequenciesHz: readonly number[];
  readonly durationMs: number;
}

export type Audio = { readonly kind: 'file'; readonly file: string } | { readonly kind: 'tone'; readonly tone: Tone };

export interface Speech {
  readonly kind: 'say';
  /** Already rendered: templates filled in. */
  readonly text: string;
  readonly voice?: string;
  readonly language?: string;
}

/** What a collect or record plays before listening. */
export type Prompt = Audio | Speech;
