import {
  ApiError,
  type UpdateAccessKeyRequest,
  CreateAccessKeyRequest,
  VERIFICATION_TICKET_HEADER,
} from '@ram-console/contracts';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AccessKeyService, ActionContext } from '../../plugins/app/access-keys.js';
import { requireSession } from '../../plugins/app/auth.js';

/** Every route documents the error body for client and server errors. */
export const errors = { '4xx': ApiError, '5xx': ApiError } as const;

export const ticketHeaders = z.looseObject({
  [VERIFICATION_TICKET_HEADER]: z.string().max(128).optional(),
});

export function actionContext(request: FastifyRequest): ActionContext {
  const session = requireSession(request);
  const ticket = request.headers[VERIFICATION_TICKET_HEADER];
  return {
    operator: session.operator.username,
    sessionIdHash: session.idHash,
    requestId: request.id,
    ip: request.ip ?? null,
    ticket: typeof ticket === 'string' ? ticket : undefined,
  };
}

/** POST without a body arrives as null: treat it as `{}` so "no description" needs no JSON. */
export const CreateAccessKeyBody = z.preprocess((v) => v ?? {}, CreateAccessKeyRequest);

/**
 * PATCH on a key: the status first (Enable needs a ticket, Disable none), so a refused ticket
 * changes nothing; then the description (no ticket: it changes no credential). Each change is its
 * own audit row.
 */
export async function updateKey(
  accessKeys: AccessKeyService,
  ctx: ActionContext,
  userName: string | null,
  accessKeyId: string,
  body: UpdateAccessKeyRequest,
): Promise<void> {
  if (body.status !== undefined) {
    await accessKeys.setStatus(ctx, userName, accessKeyId, body.status);
  }
  if (body.description !== undefined) {
    await accessKeys.setDescription(ctx, userName, accessKeyId, body.description);
  }
}
