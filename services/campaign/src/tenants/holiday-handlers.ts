// The tenant's holidays: days nobody of the tenant is called, whatever the campaign.
import { ValidationError, type FieldViolation } from '@ringpace/errors';
import type { PrismaClient } from '@ringpace/db';
import type { GetTenantHolidaysRequest, GetTenantHolidaysResponse, Holiday, SetTenantHolidaysRequest, SetTenantHolidaysResponse } from '@ringpace/proto';
import { requireTenant } from '../auth/authenticator.js';
import type { CallContext } from '../grpc/unary.js';

const MAX_HOLIDAYS = 1_000;
const isoDate = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

function isRealDate(text: string): boolean {
  if (!isoDate.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return date.toISOString().slice(0, 10) === text;
}

export function holidayHandlers(prisma: PrismaClient) {
  async function read(tenantId: string): Promise<Holiday[]> {
    const rows = await prisma.tenantHoliday.findMany({ where: { tenantId }, orderBy: { date: 'asc' } });
    return rows.map((row) => ({ date: row.date, name: row.name }));
  }
  return {
    setTenantHolidays: async (request: SetTenantHolidaysRequest, context: CallContext): Promise<SetTenantHolidaysResponse> => {
      const { tenantId } = requireTenant(context.caller);
      const problems: FieldViolation[] = [];
      if (request.holidays.length > MAX_HOLIDAYS) problems.push({ field: 'holidays', message: `holds more than ${MAX_HOLIDAYS} days` });
      const seen = new Map<string, number>();
      request.holidays.forEach((holiday, index) => {
        if (!isRealDate(holiday.date)) problems.push({ field: `holidays[${index}].date`, message: `"${holiday.date}" is not a date (YYYY-MM-DD)` });
        else if (seen.has(holiday.date)) problems.push({ field: `holidays[${index}].date`, message: `repeats holidays[${seen.get(holiday.date)}]` });
        else seen.set(holiday.date, index);
        if (holiday.name.length > 200) problems.push({ field: `holidays[${index}].name`, message: 'must be at most 200 characters' });
      });
      if (problems.length > 0) throw new ValidationError(problems);
      await prisma.$transaction([
        prisma.tenantHoliday.deleteMany({ where: { tenantId } }),
        prisma.tenantHoliday.createMany({ data: request.holidays.map((h) => ({ tenantId, date: h.date, name: h.name })) }),
      ]);
      context.log.info({ holidays: request.holidays.length }, 'tenant holidays set');
      return { holidays: await read(tenantId) };
    },
    getTenantHolidays: async (_request: GetTenantHolidaysRequest, context: CallContext): Promise<GetTenantHolidaysResponse> => {
      const { tenantId } = requireTenant(context.caller);
      return { holidays: await read(tenantId) };
    },
  };
}
