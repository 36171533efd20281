// The classic notice as an operator writes it (YAML), for the demo, API tests and docs examples: say the
// notice; # confirms, 1 repeats, 2 refuses; three notices without an answer end as no_response.
export const CLASSIC_NOTICE_YAML = `format: 1
name: Payment notice
start: notice
nodes:
  notice:
    verb: say
    text: Dear {name}, your bill of {amount} yuan is due.
    maxVisits: 3
    onMaxVisits: no-response
    next: ask
  ask:
    verb: collect
    prompt:
      say: Press the pound key to confirm, 1 to hear this message again, or 2 to decline.
    maxDigits: 1
    tries: 1
    timeout: 5s
    next:
      digits:
        "#": confirmed
        "1": notice
        "2": refused
      noInput: notice
      invalid: notice
  confirmed:
    verb: hangup
    result: confirmed
  refused:
    verb: hangup
    result: refused
  no-response:
    verb: hangup
    result: no_response
`;
