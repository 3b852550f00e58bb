import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { clientSecretOf } from '../src/plugins/app/oidc-settings.js';

const SSO = {
  OIDC_ISSUER: 'https://idp.example.com/realms/corp',
  OIDC_CLIENT_ID: 'ram-console',
  OIDC_CLIENT_SECRET: 'client-secret-value-1234',
  OIDC_ADMIN_GROUPS: 'console-admins',
  OIDC_MEMBER_GROUPS: 'console-members, developers ,',
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  return expect.unreachable('the config was accepted') as never;
}

describe('SSO settings (OIDC_*, LOCAL_LOGIN)', () => {
  it('off by default; local sign-in on', () => {
    const c = loadConfig({});
    expect(c.oidc).toBeNull();
    expect(c.localLogin).toBe(true);
  });

  it('reads the provider, the client, scopes, claims and comma-separated groups', () => {
    const c = loadConfig(SSO);
    expect(c.oidc).toEqual({
      issuer: 'https://idp.example.com/realms/corp',
      clientId: 'ram-console',
      scopes: ['openid', 'profile', 'email', 'phone'],
      groupsClaim: 'groups',
      adminGroups: ['console-admins'],
      memberGroups: ['console-members', 'developers'],
      ramUserClaim: 'preferred_username',
      insecureLoopback: false,
    });
    const custom = loadConfig({
      ...SSO,
      OIDC_SCOPES: 'openid  groups',
      OIDC_GROUPS_CLAIM: 'realm_access.roles',
      OIDC_RAM_USER_CLAIM: 'ram_user',
      LOCAL_LOGIN: 'false',
    });
    expect(custom.oidc).toMatchObject({
      scopes: ['openid', 'groups'],
      groupsClaim: 'realm_access.roles',
      ramUserClaim: 'ram_user',
    });
    expect(custom.localLogin).toBe(false);
  });

  it('keeps the client secret out of the config object (JSON, inspect, keys)', () => {
    const c = loadConfig(SSO);
    expect(JSON.stringify(c)).not.toContain(SSO.OIDC_CLIENT_SECRET);
    expect(inspect(c, { depth: 10, showHidden: true })).not.toContain(SSO.OIDC_CLIENT_SECRET);
    expect(clientSecretOf(c)).toBe(SSO.OIDC_CLIENT_SECRET);
    // Another config object (a copy) does not carry it.
    expect(clientSecretOf({ ...c })).toBeUndefined();
    // A public client (PKCE only) has none.
    const { OIDC_CLIENT_SECRET: _, ...publicClient } = SSO;
    expect(clientSecretOf(loadConfig(publicClient))).toBeUndefined();
  });

  it('plain http only for an issuer on loopback', () => {
    expect(loadConfig({ ...SSO, OIDC_ISSUER: 'http://127.0.0.1:9000' }).oidc).toMatchObject({
      insecureLoopback: true,
    });
    expect(loadConfig({ ...SSO, OIDC_ISSUER: 'http://localhost:9000/x' }).oidc).toMatchObject({
      insecureLoopback: true,
    });
    expect(problemsOf({ ...SSO, OIDC_ISSUER: 'http://idp.example.com' })).toEqual([
      'OIDC_ISSUER: must use https:// (plain http is accepted only for a provider on loopback)',
    ]);
    // A name that merely starts like a loopback address is not one.
    expect(problemsOf({ ...SSO, OIDC_ISSUER: 'http://127.0.0.1.evil.example' })[0]).toContain(
      'OIDC_ISSUER: must use https://',
    );
    expect(problemsOf({ ...SSO, OIDC_ISSUER: 'ftp://idp.example.com' })).toEqual([
      'OIDC_ISSUER: must start with https://',
    ]);
    expect(problemsOf({ ...SSO, OIDC_ISSUER: 'idp.example.com' })[0]).toContain(
      "OIDC_ISSUER: must be the provider's issuer URL",
    );
    expect(problemsOf({ ...SSO, OIDC_ISSUER: 'https://idp.example.com/?tenant=x' })).toEqual([
      'OIDC_ISSUER: must be the issuer URL only (no credentials, query or fragment)',
    ]);
  });

  it('says what is missing or contradictory, all at once', () => {
    expect(
      problemsOf({
        OIDC_ISSUER: 'https://idp.example.com',
        OIDC_SCOPES: 'profile email',
      }),
    ).toEqual([
      'OIDC_CLIENT_ID: required when OIDC_ISSUER is set',
      'OIDC_SCOPES: must include openid (space-separated, e.g. "openid profile email")',
      'OIDC_ADMIN_GROUPS: set OIDC_ADMIN_GROUPS and/or OIDC_MEMBER_GROUPS (comma-separated group names or IDs): without them nobody gets access',
    ]);
    expect(problemsOf({ ...SSO, OIDC_MEMBER_GROUPS: 'console-admins,devs' })).toEqual([
      'OIDC_MEMBER_GROUPS: console-admins also in OIDC_ADMIN_GROUPS: a group gives one role',
    ]);
    // Settings for a provider that is not configured are a typo, not something to ignore.
    expect(problemsOf({ OIDC_CLIENT_ID: 'x', OIDC_ADMIN_GROUPS: 'a' })).toEqual([
      'OIDC_CLIENT_ID: is set but OIDC_ISSUER is not: set OIDC_ISSUER to turn SSO on',
      'OIDC_ADMIN_GROUPS: is set but OIDC_ISSUER is not: set OIDC_ISSUER to turn SSO on',
    ]);
    expect(problemsOf({ LOCAL_LOGIN: 'false' })).toEqual([
      'LOCAL_LOGIN: false needs SSO (OIDC_ISSUER): without either nobody but break-glass admins could sign in',
    ]);
    expect(problemsOf({ ...SSO, LOCAL_LOGIN: 'no' })).toEqual([
      'LOCAL_LOGIN: must be true or false',
    ]);
  });
});
