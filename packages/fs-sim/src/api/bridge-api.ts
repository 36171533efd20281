// uuid_bridge_function() (mod_commands.c): `<uuid> <other_uuid> [<fallback_uuid>]`; both legs leave their
// current application and are joined (switch_ivr_uuid_bridge).
import { separateString } from '../core/separate-string.js';
import type { ApiCommand, SimContext } from './sim-context.js';

/** How long the legs took to reach the bridge's soft-execute state in the f capture (about 40 ms). */
const SOFT_EXECUTE_DELAY_MS = 40;

export const uuidBridge: ApiCommand = (ctx, arg) => {
  const argv = arg ? separateString(arg, ' ', 4) : [];
  if (argv.length < 2) return { output: '-USAGE: <uuid> <other_uuid>\n' };
  const who = bridge(ctx, argv[0]!, argv[1]!) ? argv[1] : argv[2] !== undefined && bridge(ctx, argv[0]!, argv[2]) ? argv[2] : undefined;
  return { output: who === undefined ? '-ERR Invalid uuid\n' : `+OK ${who}\n` };
};

function bridge(ctx: SimContext, aUuid: string, bUuid: string): boolean {
  const a = ctx.locate(aUuid);
  const b = ctx.locate(bUuid);
  if (!a || !b || a === b || a.channel.isDown || b.channel.isDown) return false;
  // Both legs leave what they run — the originator first — and meet in CS_SOFT_EXECUTE a moment later.
  // One timer for both, so the originator always goes first.
  const start = new Promise<void>((resolve) => ctx.core.timers.after(SOFT_EXECUTE_DELAY_MS, resolve));
  a.pendingBridge = { peer: b, originator: true, start };
  b.pendingBridge = { peer: a, originator: false, start };
  a.interrupt();
  ctx.core.timers.after(2, () => b.interrupt());
  return true;
}
