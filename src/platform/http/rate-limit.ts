import type { FastifyRequest } from 'fastify';

/**
 * Route config for public endpoints (widgets, survey links): a limit per client
 * address, applied even though the global limiter only watches the APIs.
 */
export const perAddress = (max: number) => ({ rateLimit: { max, timeWindow: 60_000, keyGenerator: (req: FastifyRequest) => req.ip, allowList: () => false } });
