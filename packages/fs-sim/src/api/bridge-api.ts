// uuid_bridge_function() (mod_commands.c): `<uuid> <other_uuid> [<fallback_uuid>]`; both legs leave their
// current application and are joined (switch_ivr_uuid_bridge).
import { separateString } from '../core/separate-string.js';
import type { ApiCommand, SimContext } from './sim-context.js';

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
  a.pendingBridge = { peer: b, originator: true };
  b.pendingBridge = { peer: a, originator: false };
  a.interrupt();
  b.interrupt();
  return true;
}
