// How campaigns and their progress read on a terminal: detail fields, schedule lines, table rows and the
// one-line progress summary that `campaigns watch` redraws.
import type { Campaign, CampaignProgress, DayWindows, OutcomeRetryRule, RetryPolicy, Schedule } from '@ringpace/proto';
import { enumLabel } from './enum-names.js';
import { formatTime, type Cell } from './output.js';
import { percent, renderBar } from './progress.js';
import { retryOutcomes, weekdays } from './plan-file.js';

export function stateLabel(state: string): string {
  return enumLabel(state, 'CAMPAIGN_STATE_');
}

function windowsText(day: DayWindows | undefined): string {
  const windows = day?.windows ?? [];
  return windows.length === 0 ? '—' : windows.map((window) => `${window.start}-${window.end}`).join(', ');
}

export function scheduleFields(schedule: Schedule): (readonly [string, Cell])[] {
  const fields: (readonly [string, Cell])[] = weekdays.map((day) => [`  ${day}`, windowsText(schedule[day])] as const);
  if (schedule.holidays.length > 0) fields.push(['  holidays', schedule.holidays.map((holiday) => (holiday.name === '' ? holiday.date : `${holiday.date} (${holiday.name})`)).join(', ')]);
  if (schedule.startDate !== '' || schedule.endDate !== '') fields.push(['  dates', `${schedule.startDate || '…'} to ${schedule.endDate || '…'}`]);
  return fields;
}

function ruleText(rule: OutcomeRetryRule | undefined): string {
  if (rule === undefined) return 'default rule';
  if (!rule.retry) return 'not retried';
  return `after ${rule.delayMinutes} min${rule.maxAttempts > 0 ? `, at most ${rule.maxAttempts} times` : ''}`;
}

export function retryFields(policy: RetryPolicy): (readonly [string, Cell])[] {
  return [['  max attempts', policy.maxAttemptsTotal], ...Object.entries(retryOutcomes).map(([key, field]) => [`  ${key.replace(/_/g, ' ')}`, ruleText(policy[field])] as const)];
}

export function campaignFields(campaign: Campaign): (readonly [string, Cell])[] {
  const fields: (readonly [string, Cell])[] = [
    ['id', campaign.id],
    ['name', campaign.name],
    ['state', stateLabel(campaign.state)],
    ['dial mode', enumLabel(campaign.dialMode, 'DIAL_MODE_')],
    ['region', campaign.defaultRegion],
    ['timezone', campaign.timezone],
    ['caller ids', campaign.callerIds.join(', ')],
    ['max concurrent calls', campaign.maxConcurrentCalls === 0 ? 'no campaign limit' : campaign.maxConcurrentCalls],
    ['flow', campaign.flowId === '' ? '' : `${campaign.flowId} v${campaign.flowVersion}`],
    ['trunk group', campaign.trunkGroupId],
    ['excluded number types', campaign.excludedNumberTypes.join(', ')],
    ['created', formatTime(campaign.createdAt)],
    ['updated', formatTime(campaign.updatedAt)],
  ];
  if (campaign.description !== '') fields.splice(2, 0, ['description', campaign.description]);
  if (campaign.schedule !== undefined) fields.push(['schedule', ''], ...scheduleFields(campaign.schedule));
  if (campaign.retryPolicy !== undefined) fields.push(['retry policy', ''], ...retryFields(campaign.retryPolicy));
  return fields;
}

export const campaignColumns = [{ header: 'ID' }, { header: 'NAME' }, { header: 'STATE' }, { header: 'MODE' }, { header: 'FLOW' }, { header: 'CREATED' }] as const;

export function campaignRow(campaign: Campaign): Cell[] {
  return [campaign.id, campaign.name, stateLabel(campaign.state), enumLabel(campaign.dialMode, 'DIAL_MODE_'), campaign.flowId === '' ? '' : `v${campaign.flowVersion}`, formatTime(campaign.createdAt)];
}

/** Contacts whose calls failed for good: invalid numbers, attempts used up, blacklisted after import. */
export function failedCount(progress: CampaignProgress): number {
  return progress.invalid + progress.exhausted + progress.blocked;
}

/** Contacts in a final state. */
export function doneCount(progress: CampaignProgress): number {
  return Math.max(0, progress.total - progress.pending - progress.dialing);
}

export function progressCounts(progress: CampaignProgress): string {
  return [
    `confirmed ${progress.confirmed}`,
    `notified ${progress.notified}`,
    `refused ${progress.refused}`,
    `failed ${failedCount(progress)}`,
    `pending ${progress.pending}`,
    `dialing ${progress.dialing}`,
  ].join('  ');
}

/** The redrawn terminal line: bar, share of contacts done, counts, state. */
export function progressBarLine(progress: CampaignProgress): string {
  const done = doneCount(progress);
  const share = progress.total === 0 ? 0 : done / progress.total;
  return `${renderBar(share)} ${percent(done, progress.total).padStart(4)}  ${progressCounts(progress)}  · ${stateLabel(progress.state)}`;
}

/** One line per update when stdout is not a terminal (logs, pipes). */
export function progressLogLine(progress: CampaignProgress): string {
  return `${formatTime(progress.at)} ${stateLabel(progress.state)} done ${doneCount(progress)}/${progress.total}  ${progressCounts(progress)}  attempts ${progress.attempts}`;
}

export function isFinalState(state: string): boolean {
  return state === 'CAMPAIGN_STATE_STOPPED' || state === 'CAMPAIGN_STATE_COMPLETED';
}
