// Waiters for BACKGROUND_JOB results, by Job-UUID. Registered before the bgapi is written, so a result
// that overtakes the command/reply is not missed; every waiter has a deadline.
import type { AppError } from '@ringpace/errors';
import { parseBackgroundJob, type BackgroundJobResult } from '../commands/background-job.js';
import type { EslEvent } from '../decode/esl-event.js';

interface Waiter {
  readonly resolve: (result: BackgroundJobResult) => void;
  readonly reject: (error: AppError) => void;
}

/**
 * Unclaimed results kept for a rename that may follow (bounded: the oldest are dropped). Only while
 * some job is waited for: a rename moves a waiter registered before its bgapi was written, so with no
 * waiter no result can be claimed later (a client whose owner sends bgapi itself would otherwise keep
 * the last 256 results, several KB of event each, for nothing).
 */
const MAX_UNCLAIMED = 256;

export class JobRegistry {
  private readonly waiters = new Map<string, Waiter>();
  private readonly unclaimed = new Map<string, EslEvent>();

  get size(): number {
    return this.waiters.size;
  }

  /** Resolves with the job's result, or rejects with what fail() or the caller's deadline says. */
  wait(jobUuid: string): Promise<BackgroundJobResult> {
    return new Promise((resolve, reject) => this.waiters.set(jobUuid, { resolve, reject }));
  }

  /** Stops waiting for one job (its deadline passed or its bgapi was refused). */
  cancel(jobUuid: string, error: AppError): void {
    const waiter = this.waiters.get(jobUuid);
    if (waiter === undefined) return;
    this.waiters.delete(jobUuid);
    waiter.reject(error);
  }

  /**
   * FreeSWITCH 1.10.12 keeps the Job-UUID we send [h_controller_misc]; should a server answer with its
   * own, follow the one in the reply so the result is still matched.
   */
  rename(from: string, to: string): void {
    const waiter = this.waiters.get(from);
    if (waiter === undefined || from === to) return;
    this.waiters.delete(from);
    this.waiters.set(to, waiter);
    // The result may already be here: it can follow the reply in the same read, before this rename runs.
    const early = this.unclaimed.get(to);
    if (early !== undefined) {
      this.unclaimed.delete(to);
      this.settle(early);
    }
  }

  /** Returns true when the event completed a job we wait for. */
  settle(event: EslEvent): boolean {
    const jobUuid = event.headers.get('Job-UUID');
    if (jobUuid === undefined) return false;
    const waiter = this.waiters.get(jobUuid);
    if (waiter === undefined) {
      if (this.waiters.size === 0) return false;
      this.unclaimed.set(jobUuid, event);
      if (this.unclaimed.size > MAX_UNCLAIMED) this.unclaimed.delete(this.unclaimed.keys().next().value as string);
      return false;
    }
    this.waiters.delete(jobUuid);
    waiter.resolve(parseBackgroundJob(event));
    return true;
  }

  /** The connection is gone: results of jobs already submitted will never arrive here. */
  failAll(error: (jobUuid: string) => AppError): void {
    this.unclaimed.clear();
    for (const [jobUuid, waiter] of [...this.waiters]) {
      this.waiters.delete(jobUuid);
      waiter.reject(error(jobUuid));
    }
  }
}
