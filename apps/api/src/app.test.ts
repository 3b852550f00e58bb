import { describe, expect, it } from 'vitest';
import { buildApp } from './app.js';

describe('health', () => {
  it('reports the RAM mode', async () => {
    const app = await buildApp({ ramMode: 'emulator', webRoot: '/nonexistent' });
    const res = await app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', ram: 'emulator' });
    await app.close();
  });
});
