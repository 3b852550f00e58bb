/**
 * One class per RAM/gateway error code, each carrying its HTTP status; handlers only throw them and
 * `app.ts` serialises them in one place as `{RequestId, HostId, Code, Message, Recommend}`.
 * Codes, statuses and messages follow /work/shared/reference/ram-api.md §1 and §2.2.
 */
export class RamError extends Error {
  constructor(
    readonly code: string,
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
    this.name = 'RamError';
  }
}

const define = (code: string, statusCode: number, message: string) =>
  class extends RamError {
    constructor() {
      super(code, statusCode, message);
    }
  };

// Gateway and authentication
export const InvalidAccessKeyIdNotFound = define(
  'InvalidAccessKeyId.NotFound',
  404,
  'Specified access key is not found.',
);
export const InvalidAccessKeyIdInactive = define(
  'InvalidAccessKeyId.Inactive',
  400,
  'Specified access key is disabled.',
);
export const IncompleteSignature = define(
  'IncompleteSignature',
  400,
  'The request signature does not conform to Aliyun standards.',
);
export const SignatureNonceUsed = define(
  'SignatureNonceUsed',
  400,
  'Specified signature nonce was used already.',
);
export const InvalidTimeStampExpired = define(
  'InvalidTimeStamp.Expired',
  400,
  'Specified time stamp or date value is expired.',
);
export const InvalidTimeStampFormat = define(
  'InvalidTimeStamp.Format',
  400,
  'Specified time stamp or date value is not well formatted.',
);
export const InvalidSignatureMethod = define(
  'InvalidSignatureMethod',
  400,
  'Specified signature method is not valid.',
);
export const InvalidActionNotFound = define(
  'InvalidAction.NotFound',
  404,
  'Specified api is not found, please check your url and method.',
);
export const InvalidApiNotFound = define(
  'InvalidApi.NotFound',
  404,
  'Specified api is not found, please check your url and method.',
);
export const InvalidVersion = define(
  'InvalidVersion',
  400,
  'Specified parameter Version is not valid.',
);
/** RAM names what was refused: `Resource: acs:ram:*:<account>:user/<name> Action: ram:<Action>`. */
export class NoPermission extends RamError {
  constructor(resource: string, action: string) {
    super(
      'NoPermission',
      403,
      `You are not authorized to do this action. Resource: ${resource} Action: ${action}`,
    );
  }
}

/**
 * A signed call from an address the key's network access restriction policy does not allow. The
 * real code and status are documented nowhere we found: this one is the emulator's guess (README).
 */
export class ForbiddenAccessKeyNetworkPolicy extends RamError {
  constructor(sourceIp: string) {
    super(
      'Forbidden.AccessKeyNetworkPolicy',
      403,
      `The source IP ${sourceIp} is not allowed by the network access restriction policy of this AccessKey.`,
    );
  }
}
/** RAM's per-account flow control (ram-api.md §2.2): 400, the SDK raises a ThrottlingError. */
export const ThrottlingUser = define(
  'Throttling.User',
  400,
  'Request was denied due to user flow control.',
);
export const InternalError = define('InternalError', 500, 'An internal error occurred.');
export const ServiceUnavailable = define(
  'ServiceUnavailable',
  503,
  'The request has failed due to a temporary failure of the server.',
);

export class SignatureDoesNotMatch extends RamError {
  constructor(stringToSign: string) {
    // Real gateway bodies append the server's string to sign, which is what makes them debuggable.
    super(
      'SignatureDoesNotMatch',
      400,
      `Specified signature is not matched with our calculation. server string to sign is:${stringToSign}`,
    );
  }
}

/** Gateway-level common parameters (AccessKeyId, Timestamp, …): `Missing{Name}`. */
export class MissingCommonParameter extends RamError {
  constructor(name: string) {
    super(`Missing${name}`, 400, `${name} is mandatory for this action.`);
  }
}

/** Business parameters of an action. */
export class MissingParameter extends RamError {
  constructor(name: string) {
    super(
      'MissingParameter',
      400,
      `The input parameter "${name}" that is mandatory for processing this request is not supplied.`,
    );
  }
}

export class InvalidChars extends RamError {
  constructor(name: string) {
    super(
      `InvalidParameter.${name}.InvalidChars`,
      400,
      `The parameter - "${name}" contains invalid chars.`,
    );
  }
}

export class InvalidLength extends RamError {
  constructor(name: string) {
    super(
      `InvalidParameter.${name}.Length`,
      400,
      `The parameter - "${name}" beyond the length limit.`,
    );
  }
}

export class InvalidFormat extends RamError {
  constructor(name: string) {
    super(
      `InvalidParameter.${name}.Format`,
      400,
      `The format of the parameter - "${name}" is incorrect.`,
    );
  }
}

/** A value outside its allowed set or range (MaxItems, Marker, Status, PolicyType). */
export class InvalidValue extends RamError {
  constructor(name: string, detail: string) {
    super(`InvalidParameter.${name}`, 400, `The parameter - "${name}" is invalid: ${detail}`);
  }
}

/** RAM's own wording for a value outside its set when it gives no detail (PolicyType). */
export class IncorrectParameter extends RamError {
  constructor(name: string) {
    super(`InvalidParameter.${name}`, 400, `The parameter - "${name}" is incorrect.`);
  }
}

// RAM entities
export const EntityNotExistUser = define('EntityNotExist.User', 404, 'The user does not exist.');
export const EntityNotExistUserAccessKey = define(
  'EntityNotExist.User.AccessKey',
  404,
  'The user access key does not exist.',
);
export const EntityNotExistPolicy = define(
  'EntityNotExist.Policy',
  404,
  'The policy does not exist.',
);
export const EntityNotExistUserPolicy = define(
  'EntityNotExist.User.Policy',
  404,
  'The indicate policy of the user does not exist.',
);
export const EntityAlreadyExistsUser = define(
  'EntityAlreadyExists.User',
  409,
  'The user does already EXIST.',
);
export const EntityAlreadyExistsUserPolicy = define(
  'EntityAlreadyExists.User.Policy',
  409,
  'The user has already been attached this policy.',
);
export const LimitExceededUser = define(
  'LimitExceeded.User',
  409,
  'The count of users beyond the current limits.',
);
export const LimitExceededUserAccessKey = define(
  'LimitExceeded.User.AccessKey',
  409,
  'The access key count of the user access keys beyond the current limits.',
);
export const DeleteConflictUserAccessKey = define(
  'DeleteConflict.User.AccessKey',
  409,
  'The user CAN NOT has any access key while deleting the user.',
);
export const DeleteConflictUserPolicy = define(
  'DeleteConflict.User.Policy',
  409,
  'The user CAN NOT has any attached policy while deleting the user.',
);
export const DeleteConflictUserGroup = define(
  'DeleteConflict.User.Group',
  409,
  'The user CAN NOT join any group while deleting the user.',
);
export const DeleteConflictUserLoginProfile = define(
  'DeleteConflict.User.LoginProfile',
  409,
  'The user CAN NOT has any login profile while deleting the user.',
);
export const DeleteConflictUserMFADevice = define(
  'DeleteConflict.User.MFADevice',
  409,
  'The user CAN NOT has any MFA device while deleting the user.',
);

// Groups
export const EntityNotExistGroup = define('EntityNotExist.Group', 404, 'The group does not exist.');
export const EntityNotExistUserGroup = define(
  'EntityNotExist.User.Group',
  404,
  'The user has not joined the group.',
);
export const EntityAlreadyExistsGroup = define(
  'EntityAlreadyExists.Group',
  409,
  'The group does already EXIST.',
);
export const EntityAlreadyExistsUserGroup = define(
  'EntityAlreadyExists.User.Group',
  409,
  'The user has already joined the group.',
);
export const DeleteConflictGroupUser = define(
  'DeleteConflict.Group.User',
  409,
  'The group CAN NOT has any user while deleting the group.',
);

// Console logon and MFA
export const EntityNotExistUserLoginProfile = define(
  'EntityNotExist.User.LoginProfile',
  404,
  'The user login profile does not exist.',
);
export const EntityAlreadyExistsUserLoginProfile = define(
  'EntityAlreadyExists.User.LoginProfile',
  409,
  'The user login profile does already EXIST.',
);
export const EntityNotExistUserMFADevice = define(
  'EntityNotExist.User.MFADevice',
  404,
  'The user has not bound any MFA device.',
);
export const EntityAlreadyExistsUserMFADevice = define(
  'EntityAlreadyExists.User.MFADevice',
  409,
  'The user has already bound a MFA device.',
);
export const EntityNotExistVirtualMFADevice = define(
  'EntityNotExist.VirtualMFADevice',
  404,
  'The virtual mfa device does not exist.',
);
export const EntityAlreadyExistsVirtualMFADevice = define(
  'EntityAlreadyExists.VirtualMFADevice',
  409,
  'The virtual mfa device does already EXIST.',
);
// Sic: RAM's own spelling.
export const CheckAuthenticationCodeFail = define(
  'CheckAuthenticationCodeFail',
  403,
  'The parameter - "AuthenticationCode" is inccorrect.',
);

// Custom policies
export const EntityAlreadyExistsPolicy = define(
  'EntityAlreadyExists.Policy',
  409,
  'The policy does already EXIST.',
);
export const DeleteConflictPolicyUser = define(
  'DeleteConflict.Policy.User',
  409,
  'The policy CAN NOT be deleted while it is attached to any user.',
);

// IMS
export const EntityNotExistCredentialReport = define(
  'EntityNotExist.CredentialReport',
  404,
  'The credential report does not exist, call GenerateCredentialReport first.',
);

/**
 * Dysmsapi business errors travel as HTTP 200 bodies `{Code, Message, RequestId}` (the SDK returns
 * them as a normal response; callers check `Code == "OK"`).
 */
export class SmsBusinessError extends RamError {
  constructor(code: string, message: string) {
    super(code, 200, message);
  }
}
