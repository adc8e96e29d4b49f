import { defineConfig } from 'vite';

// The production build lands in Drive.Web's wwwroot, which the ASP.NET host serves (and the gateway fronts).
// `npm run dev` serves the sources with hot reload and forwards /api to a running gateway.
export default defineConfig({
  base: '/',
  build: {
    outDir: '../wwwroot',
    emptyOutDir: true,
    assetsDir: 'assets',
    target: 'es2022',
    sourcemap: true,
  },
  server: {
    host: '127.0.0.1',
    proxy: {
      '/api': process.env.DRIVE_GATEWAY_URL ?? 'http://localhost:8080',
    },
  },
});
