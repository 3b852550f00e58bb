import { z } from 'zod';
import { isIpOrCidr } from './ip.js';

/**
 * AccessKey network access restriction (IMS SetAccessKeyPolicy and the account-level pair): the
 * console edits the allow list of public source addresses (RAM's ClassicWhiteList); VPC rules
 * set elsewhere are shown and kept as they are.
 */
export const NetworkPolicyStatus = z.enum(['Active', 'Inactive']);
export type NetworkPolicyStatus = z.infer<typeof NetworkPolicyStatus>;

/** RAM's quota (GetAccountSummary IPItemsPerAKPolicyQuota). */
export const MAX_ALLOWED_IPS = 50;

export const IpOrCidr = z
  .string()
  .trim()
  .max(64)
  .refine(isIpOrCidr, 'Enter an IPv4 or IPv6 address, or a CIDR block such as 203.0.113.0/24');

export const NetworkPolicyRequest = z
  .object({
    status: NetworkPolicyStatus,
    allowedIps: z
      .array(IpOrCidr)
      .max(MAX_ALLOWED_IPS, `At most ${MAX_ALLOWED_IPS} addresses`)
      .refine((ips) => new Set(ips).size === ips.length, 'Each address only once'),
  })
  .refine((p) => p.status === 'Inactive' || p.allowedIps.length > 0, {
    message: 'An active restriction needs at least one address, or every call would be refused',
    path: ['allowedIps'],
  });
export type NetworkPolicyRequest = z.infer<typeof NetworkPolicyRequest>;

export const VpcRule = z.object({ vpcId: z.string(), allowedIps: z.array(z.string()) });

export const NetworkPolicyResponse = z.object({
  /** false: never configured (RAM answers `{}`); status and list are then Inactive and empty. */
  configured: z.boolean(),
  status: NetworkPolicyStatus,
  allowedIps: z.array(z.string()),
  /** VPC rules set outside the console: kept on save, not edited here. */
  vpcRules: z.array(VpcRule),
  /**
   * For a key: the policy in force for it. Its own when Active, else the account-level one
   * (`account`), else none.
   */
  effective: z.enum(['key', 'account', 'none']),
});
export type NetworkPolicyResponse = z.infer<typeof NetworkPolicyResponse>;

export const SeenAddress = z.object({
  ip: z.string(),
  services: z.array(z.string()),
  lastUsedAt: z.string(),
  /** Which AccessKey used it (account-level dry runs cover several keys). */
  accessKeyId: z.string(),
});
export type SeenAddress = z.infer<typeof SeenAddress>;

/** What the proposed list would do to the addresses the key(s) were recently used from. */
export const NetworkPolicyDryRunResponse = z.object({
  blocked: z.array(SeenAddress),
  allowed: z.array(SeenAddress),
  /** True when the console's own AccessKey would be refused: saving is then refused too. */
  locksOutConsole: z.boolean(),
});
export type NetworkPolicyDryRunResponse = z.infer<typeof NetworkPolicyDryRunResponse>;
