import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { TransferPolicy } from '../../core/transfers/policy.ts';
import { serverInfo } from '../../client/api-contract.ts';
import { UPLOAD_PATH } from './upload-routes.ts';
import { publicAccess } from '../principal.ts';

/** What clients need to know before composing: limits, allowed methods, where links point. */
export function infoRoutes(options: { version: string; publicUrl: string; policy: TransferPolicy }): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/api/info', { config: { auth: [publicAccess] }, schema: { tags: ['server'], summary: 'Server limits and options for clients', response: { 200: serverInfo } } }, async () => ({
      version: options.version,
      publicUrl: options.publicUrl,
      defaultExpiryDays: options.policy.defaultExpiryDays,
      maxExpiryDays: options.policy.maxExpiryDays,
      maxFileBytes: options.policy.maxFileBytes,
      maxFilesPerTransfer: options.policy.maxFilesPerTransfer,
      allowedMethods: options.policy.allowedMethods,
      defaultMethod: options.policy.defaultMethod,
      uploadPath: UPLOAD_PATH,
    }));
  };
}
