import type { FastifyPluginAsync } from 'fastify';
import type { MovableClock } from '../../lib/clock.js';
import { registerAccessControl } from '../../plugins/app/auth.js';
import { registerSwaggerUi } from '../../plugins/external/swagger.js';
import accountRoutes from './account/index.js';
import auditRoutes from './audit-events/index.js';
import authRoutes from './auth/index.js';
import oidcRoutes from './auth/oidc.js';
import ownPhoneRoutes from './auth/own-phone.js';
import reportsRoutes from './credential-report/index.js';
import demoRoutes from './demo/index.js';
import healthRoutes from './health/index.js';
import networkPolicyRoutes from './network-policy/index.js';
import operatorRoutes from './operators/index.js';
import recycleBinRoutes from './recycle-bin/index.js';
import rotationRoutes from './rotation/index.js';
import testHookRoutes from './test-hooks/index.js';
import securityPreferencesRoutes from './security-preferences/index.js';
import usersRoutes from './users/index.js';
import verificationRoutes from './verifications/index.js';

export interface ApiRoutesOptions {
  loginPerMinutePerIp: number;
  codeRoutesPerMinutePerIp: number;
  /** A server started for tests only (CONSOLE_TEST_HOOKS): registers the clock test channel. */
  testClock?: MovableClock | undefined;
}

/**
 * The one /api scope: every /api route is registered here (the root refuses one registered
 * anywhere else), under the access control of plugins/app/auth.ts. Each route declares
 * `config.access`: 'public', 'operator' (signed in) or 'admin'; one without it stops start-up.
 */
const apiRoutes: FastifyPluginAsync<ApiRoutesOptions> = async (api, opts) => {
  registerAccessControl(api);
  await registerSwaggerUi(api);
  await api.register(healthRoutes);
  await api.register(authRoutes, { loginPerMinutePerIp: opts.loginPerMinutePerIp });
  await api.register(oidcRoutes, { loginPerMinutePerIp: opts.loginPerMinutePerIp });
  await api.register(ownPhoneRoutes, { codeRoutesPerMinutePerIp: opts.codeRoutesPerMinutePerIp });
  await api.register(verificationRoutes, {
    codeRoutesPerMinutePerIp: opts.codeRoutesPerMinutePerIp,
  });
  await api.register(accountRoutes);
  await api.register(usersRoutes);
  await api.register(rotationRoutes);
  await api.register(networkPolicyRoutes);
  await api.register(recycleBinRoutes);
  await api.register(securityPreferencesRoutes);
  await api.register(reportsRoutes);
  await api.register(operatorRoutes, { codeRoutesPerMinutePerIp: opts.codeRoutesPerMinutePerIp });
  await api.register(auditRoutes);
  await api.register(demoRoutes);
  if (opts.testClock) await api.register(testHookRoutes, { clock: opts.testClock });
};
export default apiRoutes;
