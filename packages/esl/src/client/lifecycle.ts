// What the client tells its owner besides FreeSWITCH events: connection changes, reconnects, notices
// and the outcome of reconciliation. A listener that throws is logged and cannot break the client.
import type { AppError } from '@ringpace/errors';
import type { Logger } from '@ringpace/log';
import type { DisconnectDisposition } from '../decode/frame-decoder.js';
import type { ReconcileReport } from './reconcile.js';

export type LifecycleEvent =
  | { readonly type: 'connected'; readonly generation: number }
  | { readonly type: 'disconnected'; readonly generation: number; readonly error: AppError | undefined }
  | { readonly type: 'reconnect-scheduled'; readonly attempt: number; readonly delayMs: number; readonly error: AppError | undefined }
  | { readonly type: 'disconnect-notice'; readonly disposition: DisconnectDisposition | undefined; readonly controlledSessionUuid: string | undefined }
  | { readonly type: 'reconciled'; readonly generation: number; readonly report: ReconcileReport }
  /** An attempt the owner believed live has no channel after a (re)connect: it ended while nobody listened. */
  | { readonly type: 'attempt-gone'; readonly generation: number; readonly attemptId: string }
  | { readonly type: 'reconcile-failed'; readonly generation: number; readonly error: AppError }
  | { readonly type: 'unknown-event'; readonly name: string };

export type LifecycleEventType = LifecycleEvent['type'];

export class Listeners<T> {
  private readonly listeners = new Set<(value: T) => void>();

  add(listener: (value: T) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(value: T, logger: Logger): void {
    for (const listener of this.listeners) {
      try {
        listener(value);
      } catch (error) {
        logger.error({ err: error }, 'esl listener threw');
      }
    }
  }
}
