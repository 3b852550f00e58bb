import { buildApp } from './app.js';

const host = process.env.HOST ?? '127.0.0.1';
const port = Number(process.env.PORT ?? 8080);

const app = await buildApp({
  ramMode: process.env.RAM_ENDPOINT ? 'alibaba-cloud' : 'emulator',
  logger: true,
});
await app.listen({ host, port });
console.log(`ram-console listening on http://${host}:${port}`);

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    void app.close().then(() => process.exit(0));
  });
}
