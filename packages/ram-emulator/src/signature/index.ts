export { percentEncode, canonicalQuery, type Params } from './encode.js';
export { v1Signature, v1StringToSign } from './v1.js';
export {
  V3_ALGORITHM,
  EMPTY_BODY_SHA256,
  sha256Hex,
  v3CanonicalRequest,
  v3HashedCanonicalRequest,
  v3Signature,
  parseV3Authorization,
  type V3Input,
  type V3Authorization,
} from './v3.js';
