import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { HealthResponse } from '@ram-console/contracts';

function App() {
  const [health, setHealth] = useState<HealthResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    fetch('/api/health')
      .then(async (r) => setHealth(HealthResponse.parse(await r.json())))
      .catch((e: unknown) => setError(String(e)));
  }, []);
  return (
    <main>
      <h1>RAM Console</h1>
      {error ? <p role="alert">{error}</p> : null}
      {health ? (
        <p>
          API status: {health.status} · RAM: {health.ram}
        </p>
      ) : (
        <p>Checking API…</p>
      )}
    </main>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
