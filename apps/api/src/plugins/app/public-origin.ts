import { ConsoleErrorCode } from '@ram-console/contracts';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config.js';
import { ApiHttpError } from '../../errors.js';
import { isLoopbackHostname } from '../../lib/net.js';
import { SESSION_COOKIE } from './sessions.js';

export type PublicOrigin = ReturnType<typeof createPublicOrigin>;

/**
 * The origin operators use (PUBLIC_URL, else the listen address). It decides which Host a request
 * may name (DNS rebinding: a page on another site that resolves its own name to this server sends
 * that name) and the session cookie: `__Host-` and Secure when the origin is https; on http,
 * which config allows only on loopback, a plain name without Secure (a browser refuses a
 * `__Host-` cookie without Secure over http).
 */
export function createPublicOrigin(publicUrl: Config['publicUrl']) {
  let url = new URL(publicUrl.origin);
  const secure = url.protocol === 'https:';
  const defaultPort = secure ? '443' : '80';
  const loopback = isLoopbackHostname(url.hostname);
  return {
    get origin(): string {
      return url.origin;
    },
    secure,
    sessionCookie: {
      name: secure ? `__Host-${SESSION_COOKIE}` : SESSION_COOKIE,
      options: { path: '/', httpOnly: true, sameSite: 'strict' as const, secure },
    },
    /** Not configured: the port is the one the server got (PORT=0 in tests). */
    listening(port: number): void {
      if (!publicUrl.fromListenAddress) return;
      url = new URL(url.origin);
      url.port = String(port);
    },
    /**
     * Whether a Host header names this origin: the same name and port; on a loopback origin any
     * loopback name with that port (127.0.0.1 and localhost are the same console).
     */
    allowsHost(host: string | undefined): boolean {
      if (!host || host.length > 260) return false;
      let asked: URL;
      try {
        asked = new URL(`${url.protocol}//${host}`);
      } catch {
        return false;
      }
      // Only a host and port: no userinfo or path smuggled in the header.
      if (asked.username || asked.password || asked.pathname !== '/' || asked.search) return false;
      if ((asked.port || defaultPort) !== (url.port || defaultPort)) return false;
      const name = asked.hostname.replace(/\.$/, '');
      return loopback ? isLoopbackHostname(name) : name === url.hostname;
    },
  };
}

/**
 * At the root, for every request (API, SPA, not found): the Host must name the public origin,
 * else 421. A route may opt out with `config.anyHost` (the health checks, which a load balancer
 * calls by address). Behind a trusted proxy, X-Forwarded-Host stands for Host (request.host).
 */
export function registerHostCheck(app: FastifyInstance, origin: PublicOrigin): void {
  app.addHook('onListen', async function (this: FastifyInstance) {
    const address = this.server.address();
    if (address && typeof address === 'object') origin.listening(address.port);
  });
  app.addHook('onRequest', async (request) => {
    if (request.routeOptions.config?.anyHost === true) return;
    if (origin.allowsHost(request.host)) return;
    throw new ApiHttpError(
      421,
      ConsoleErrorCode.MisdirectedRequest,
      `This console answers only at ${origin.origin} (PUBLIC_URL); this request was addressed to ${JSON.stringify(String(request.host ?? '').slice(0, 100))}`,
    );
  });
}
