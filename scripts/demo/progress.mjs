// Live progress of the demo campaign from WatchCampaign: a bar redrawn in place on a terminal, one line
// per update otherwise (logs, CI, pipes).

const short = (state) => state.replace('CAMPAIGN_STATE_', '');

/** Contacts in a final state (nothing more will be dialed for them). */
export function finalCount(p) {
  return Number(p.notified) + Number(p.confirmed) + Number(p.refused) + Number(p.invalid) + Number(p.exhausted) + Number(p.blocked);
}

function clockOf(p, zone) {
  if (!(p.at instanceof Date)) return '';
  return p.at.toLocaleTimeString('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

export function createProgressPrinter({ out = process.stdout, zone, startedAtMs = Date.now() }) {
  const tty = Boolean(out.isTTY);
  let last = '';
  let drawn = false;
  const summary = (p) =>
    `${p.confirmed} confirmed · ${p.refused} refused · ${p.notified} notified · ${p.invalid} invalid · ${p.exhausted} exhausted · ${p.dialing} dialing · ${p.pending} pending · ${p.attempts} attempts`;
  return {
    update(p) {
      const total = Number(p.total);
      const done = finalCount(p);
      const elapsed = `${Math.round((Date.now() - startedAtMs) / 1000)}s`.padStart(4);
      const simulated = clockOf(p, zone);
      if (tty) {
        const width = 28;
        const filled = total === 0 ? 0 : Math.round((done / total) * width);
        const line = `  ${elapsed} ${simulated} [${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${done}/${total} final · ${summary(p)}`;
        out.write(`\r\x1b[2K${line.slice(0, Math.max(40, (out.columns ?? 200) - 1))}`);
        drawn = true;
        return;
      }
      const line = `${short(p.state)} ${done}/${total} final · ${summary(p)}`;
      if (line === last) return;
      last = line;
      out.write(`  ${elapsed} ${simulated ? `(${simulated} simulated) ` : ''}${line}\n`);
    },
    end() {
      if (tty && drawn) out.write('\n');
      drawn = false;
    },
  };
}
