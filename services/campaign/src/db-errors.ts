// Recognises database outcomes the service turns into API answers (Prisma's error codes).
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'P2002';
}
