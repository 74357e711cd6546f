// One dev server for every worker (two Vite servers would race over one dependency cache).
import { startExampleApp } from './dev-server.ts';

export default async function globalSetup(): Promise<() => Promise<void>> {
  const app = await startExampleApp(0);
  process.env.EXAMPLE_APP_URL = app.url;
  return () => app.close();
}
