// campaign.yaml names its trunk group by id or by name; the name is looked up among the tenant's groups
// (ListTrunkGroups), so operators can write "carriers" instead of a UUID.
import { ValidationError } from '@ringpace/errors';
import type { RingpaceClient } from './client.js';

const SHOWN_NAMES = 10;

/** The id of the tenant's group whose id or name is `ref`; a ValidationError on trunk_group_id otherwise. */
export async function resolveTrunkGroupId(client: RingpaceClient, ref: string): Promise<string> {
  const { trunkGroups } = await client.listTrunkGroups({ tenantId: '' });
  const wanted = ref.trim();
  const found = trunkGroups.find((group) => group.id.toLowerCase() === wanted.toLowerCase()) ?? trunkGroups.find((group) => group.name === wanted);
  if (found !== undefined) return found.id;
  const names = trunkGroups.slice(0, SHOWN_NAMES).map((group) => `"${group.name}"`);
  const known = names.length === 0 ? 'the tenant has no trunk group yet' : `known: ${names.join(', ')}${trunkGroups.length > SHOWN_NAMES ? ', …' : ''}`;
  throw new ValidationError([{ field: 'trunk_group_id', message: `no trunk group with id or name "${ref}" (${known})` }]);
}
