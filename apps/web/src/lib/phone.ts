/**
 * A phone as Alibaba's console shows one (the API masks the same way): a mainland mobile without
 * its +86 as 138****8000, any other number as +447****1234.
 */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/^(?:\+|00)/, '');
  const mainland = /^(?:86)?(1\d{10})$/.exec(digits)?.[1];
  if (mainland) return `${mainland.slice(0, 3)}****${mainland.slice(-4)}`;
  if (digits.length <= 4) return '*'.repeat(digits.length);
  const head = digits.length > 7 ? digits.slice(0, 3) : '';
  return `${phone.startsWith('+') ? '+' : ''}${head}****${digits.slice(-4)}`;
}
