import { describe, expect, it } from 'vitest';
import {
  claimAt,
  decideAccess,
  groupsOf,
  usernameBase,
  verifiedPhoneOf,
} from '../src/plugins/app/oidc-claims.js';

const settings = {
  groupsClaim: 'groups',
  adminGroups: ['console-admins'],
  memberGroups: ['console-members', 'devs'],
  ramUserClaim: 'preferred_username',
};

describe('SSO claims → console access', () => {
  it('finds a claim by its exact name first, then by a dotted path', () => {
    const claims = {
      'https://example.com/groups': ['a'],
      realm_access: { roles: ['b'] },
      'a.b': 'exact',
      a: { b: 'nested' },
    };
    expect(claimAt(claims, 'https://example.com/groups')).toEqual(['a']);
    expect(claimAt(claims, 'realm_access.roles')).toEqual(['b']);
    expect(claimAt(claims, 'a.b')).toBe('exact');
    expect(claimAt(claims, 'realm_access.missing')).toBeUndefined();
    // Never into the prototype.
    expect(claimAt(claims, 'constructor.name')).toBeUndefined();
    expect(claimAt({ a: ['x'] }, 'a.length')).toBeUndefined();
  });

  it('groups: a list of strings, a single string, or none', () => {
    expect(groupsOf({ groups: ['a', 1, 'b', null] }, 'groups')).toEqual(['a', 'b']);
    expect(groupsOf({ groups: 'a' }, 'groups')).toEqual(['a']);
    expect(groupsOf({ groups: { a: true } }, 'groups')).toEqual([]);
    expect(groupsOf({}, 'groups')).toEqual([]);
  });

  it('admin beats member; neither is no access; names match exactly', () => {
    expect(decideAccess({ groups: ['devs', 'console-admins'] }, settings)).toEqual({
      granted: true,
      role: 'admin',
      ramUserName: null,
    });
    expect(decideAccess({ groups: ['devs'], preferred_username: 'alice' }, settings)).toEqual({
      granted: true,
      role: 'member',
      ramUserName: 'alice',
    });
    for (const groups of [[], ['Console-Admins'], ['/console-admins'], ['console-admins ']]) {
      expect(decideAccess({ groups }, settings)).toMatchObject({
        granted: false,
        problem: 'no_access',
      });
    }
  });

  it("a member's RAM user must be a RAM user name", () => {
    expect(decideAccess({ groups: ['devs'] }, settings)).toEqual({
      granted: false,
      problem: 'ram_user_claim_missing',
      auditCode: 'SsoRamUserClaimMissing',
    });
    for (const bad of ['a b', '', 'x'.repeat(65), 'ali/ce', ['alice'], 42]) {
      expect(decideAccess({ groups: ['devs'], preferred_username: bad }, settings)).toMatchObject({
        granted: false,
        problem: 'ram_user_claim_missing',
        auditCode: 'SsoRamUserClaimInvalid',
      });
    }
  });

  it("Entra ID's group overage (a reference instead of the list) is said as such", () => {
    const overage = { _claim_names: { groups: 'src1' }, _claim_sources: { src1: {} } };
    expect(decideAccess(overage, settings)).toMatchObject({
      granted: false,
      problem: 'groups_overage',
    });
  });

  it('a phone only when verified, in digits', () => {
    expect(
      verifiedPhoneOf({ phone_number: '+86 138-0013-8000', phone_number_verified: true }),
    ).toBe('+8613800138000');
    expect(verifiedPhoneOf({ phone_number: '+8613800138000', phone_number_verified: false })).toBe(
      null,
    );
    expect(verifiedPhoneOf({ phone_number: '+8613800138000', phone_number_verified: 'true' })).toBe(
      null,
    );
    expect(verifiedPhoneOf({ phone_number: '+8613800138000' })).toBe(null);
    expect(verifiedPhoneOf({ phone_number: 'call me', phone_number_verified: true })).toBe(null);
    expect(
      verifiedPhoneOf({ phone_number: '+1 425 555 1212;ext=5', phone_number_verified: true }),
    ).toBe(null);
  });

  it('a readable operator name from the claims', () => {
    expect(usernameBase({ preferred_username: 'Alice.Zhang' })).toBe('alice.zhang');
    expect(usernameBase({ preferred_username: 'alice@corp.example.com' })).toBe(
      'alice-corp.example.com',
    );
    expect(usernameBase({ email: 'Bob.Li@corp.example.com' })).toBe('bob.li');
    expect(usernameBase({ name: 'Zoë Ünal' })).toBe('zoe-unal');
    expect(usernameBase({ preferred_username: '张三', name: '张三' })).toBe('sso-user');
    expect(usernameBase({})).toBe('sso-user');
    expect(usernameBase({ preferred_username: 'x'.repeat(100) })).toHaveLength(56);
  });
});
