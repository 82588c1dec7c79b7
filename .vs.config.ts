import { defineConfig } from 'vitest/config';
export default defineConfig({ test: { dir: '/tmp/vs', include: ['**/*.scratch.ts'], testTimeout: 600_000, pool: 'forks' } });
