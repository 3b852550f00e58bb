import {
  GenericClient,
  OpenApiParams,
  OpenApiRequest,
  sdkConfig,
  type SdkTarget,
} from './alicloud.js';

/**
 * The one place that calls an Alibaba Cloud RPC action without a typed SDK: IMS actions the
 * registry's @alicloud/ims20190815 2.3.2 lacks (the network access restriction policies, the idle
 * days of SetSecurityPreference) and ActionTrail 2020-07-06, which has no npm SDK at all
 * (TOOLCHAIN.md). openapi-core's `callApi` signs exactly like the typed clients (V3 by default);
 * nothing here builds a signature by hand. Errors are the SDK's own, for the gateway to map.
 */
export interface GenericRpc {
  call(action: string, query?: Record<string, string>): Promise<Record<string, unknown>>;
}

export function createGenericRpc(target: SdkTarget, version: string): GenericRpc {
  const client = new GenericClient(sdkConfig(target));
  return {
    async call(action, query = {}) {
      const params = new OpenApiParams({
        action,
        version,
        protocol: 'HTTPS',
        pathname: '/',
        method: 'POST',
        authType: 'AK',
        style: 'RPC',
        reqBodyType: 'formData',
        bodyType: 'json',
      });
      const res = (await client.callApi(params, new OpenApiRequest({ query }), {} as never)) as {
        body?: Record<string, unknown>;
      };
      return res.body ?? {};
    },
  };
}
