import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BullBoardFastifyAdapter } from '@bull-board/fastify';
import { getQueueToken } from '@nestjs/bullmq';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Queue } from 'bullmq';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { bearerTokenOf, isSameSecret } from '@app/auth';
import { PROBLEM_CONTENT_TYPE, problemFor } from '@app/common';
import type { AppConfig } from '@app/config';
import { ALL_QUEUES } from '@app/queue';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';

/** The operator token, as a bearer token or as the password of HTTP Basic (so a browser can sign in). */
function presentedToken(request: FastifyRequest): string | null {
  const bearer = bearerTokenOf(request.headers);
  if (bearer !== null) return bearer;
  const basic = (request.headers.authorization ?? '').match(/^Basic\s+(\S+)$/i);
  if (!basic) return null;
  const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
  return decoded.slice(decoded.indexOf(':') + 1);
}

/** Bull Board at /admin/queues: jobs per queue, retries, failures. Operator token only. */
export async function registerQueueDashboard(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const serverAdapter = new BullBoardFastifyAdapter();
  serverAdapter.setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({
    queues: ALL_QUEUES.map((name) => new BullMQAdapter(app.get<Queue>(getQueueToken(name), { strict: false }))),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Partner Binding queues' } },
  });

  await app.register(async (scope: FastifyInstance) => {
    scope.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      // The dashboard can retry and remove jobs: never inside another site's frame (clickjacking).
      void reply.header('x-frame-options', 'DENY').header('content-security-policy', "frame-ancestors 'none'");
      const token = presentedToken(request);
      if (token !== null && isSameSecret(token, config.operatorToken)) return;
      await reply
        .status(401)
        .header('www-authenticate', 'Basic realm="queues", charset="UTF-8"')
        .header('content-type', PROBLEM_CONTENT_TYPE)
        .send(problemFor('UNAUTHENTICATED', 'The queue dashboard needs the operator token (as a bearer token, or as the Basic password).'));
    });
    await scope.register(serverAdapter.registerPlugin() as never, { prefix: QUEUE_DASHBOARD_PATH });
  });
}
