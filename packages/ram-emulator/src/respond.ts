import type { FastifyReply } from 'fastify';
import type { RamError } from './errors.js';

export type Format = 'json' | 'xml';

const XML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
};
const escapeXml = (s: string) => s.replace(/[&<>"]/g, (c) => XML_ESCAPES[c]!);

/** RAM's XML shape: arrays repeat their element name (`<AccessKeys><AccessKey/><AccessKey/></AccessKeys>`). */
function xmlElements(name: string, value: unknown): string {
  if (Array.isArray(value)) return value.map((item) => xmlElements(name, item)).join('');
  if (value !== null && typeof value === 'object') {
    const inner = Object.entries(value)
      .map(([k, v]) => xmlElements(k, v))
      .join('');
    return `<${name}>${inner}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value ?? ''))}</${name}>`;
}

export function toXml(root: string, body: Record<string, unknown>): string {
  return '<?xml version="1.0" encoding="UTF-8"?>' + xmlElements(root, body);
}

/** Sends a success or error body in the requested format; `RequestId` is always present. */
export function sendBody(
  reply: FastifyReply,
  status: number,
  format: Format,
  xmlRoot: string,
  body: Record<string, unknown>,
): void {
  reply.code(status).header('x-acs-request-id', body.RequestId as string);
  if (format === 'xml') {
    reply.header('content-type', 'text/xml;charset=utf-8').send(toXml(xmlRoot, body));
  } else {
    reply.header('content-type', 'application/json;charset=utf-8').send(JSON.stringify(body));
  }
}

/** The one place a RAM error becomes a body: `{RequestId, HostId, Code, Message, Recommend}`. */
export function errorBody(error: RamError, requestId: string, host: string, product: string) {
  if (error.statusCode === 200) {
    // Dysmsapi business errors: a normal-looking body whose Code is not "OK".
    return { RequestId: requestId, Code: error.code, Message: error.message };
  }
  return {
    RequestId: requestId,
    HostId: host,
    Code: error.code,
    Message: error.message,
    Recommend: `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(error.code)}&product=${product}&requestId=${requestId}`,
  };
}
