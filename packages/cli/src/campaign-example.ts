// The annotated campaign.yaml that `ringpace campaigns example` prints and docs/cli.md shows: every key
// of the format, with the values a payment-reminder campaign would use.
export const CAMPAIGN_EXAMPLE = `# campaign.yaml
name: November payment reminder
description: Reminds customers of the amount due
default_region: CN
timezone: Asia/Shanghai
caller_ids: ["+861012345678", "+861087654321"]
dial_mode: notification
max_concurrent_calls: 30
flow_id: 4f6c1d2e-8a4b-4c3d-9e8f-0a1b2c3d4e5f
flow_version: 3
schedule:
  weekdays: ["09:00-12:00", "14:00-18:00"]
  saturday:
    - start: "10:00"
      end: "12:00"
  sunday: []
  holidays:
    - 2026-10-01
    - date: 2026-10-02
      name: National Day
  start_date: 2026-11-01
  end_date: 2026-11-30
retry_policy:
  max_attempts_total: 4
  busy: { delay_minutes: 30, max_attempts: 2 }
  no_answer: { delay_minutes: 60 }
  network_failure: { delay_minutes: 10 }
  answered_not_confirmed: false
  rejected: false
  machine: { retry: false }
excluded_number_types: [premium_rate, shared_cost]
trunk_group: carriers   # a trunk group id or name (ringpace trunks list)
`;
