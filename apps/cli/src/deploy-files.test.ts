import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './test-support/cli-process.js';

const compose = readFileSync(join(REPO_ROOT, 'docker-compose.yml'), 'utf8');
const dockerfile = readFileSync(join(REPO_ROOT, 'Dockerfile'), 'utf8');

// Docker cannot run here; these read the two files the way Docker does for the points that broke.
describe('Dockerfile and docker-compose.yml', () => {
  it('every named volume a newsflow service mounts is a folder the image creates and gives the non-root user', () => {
    expect(dockerfile).toMatch(/^USER node$/m);
    const targets = [...compose.matchAll(/^\s+- archive:(\/\S+)$/gm)].map((m) => m[1] ?? '');
    expect(targets).toEqual(['/data/archive']);
    for (const target of targets) {
      // A new named volume is filled from the image's folder at that path, owner included.
      expect(dockerfile).toMatch(
        new RegExp(`^RUN mkdir -p .*${target}\\b.*&& chown -R node:node /data$`, 'm'),
      );
    }
  });

  it('has a dashboard service running newsflow serve on all interfaces with a token', () => {
    const service = /^ {2}dashboard:\n((?: {4}.*\n|\n)+)/m.exec(compose)?.[1] ?? '';
    expect(service).toMatch(
      /command: \["apps\/cli\/dist\/main\.js", "serve", "--host", "0\.0\.0\.0", "--port", "8080"\]/,
    );
    expect(service).toMatch(/NEWSFLOW_API_TOKEN: \$\{NEWSFLOW_API_TOKEN/);
    expect(service).toMatch(/ports: \["8080:8080"\]/);
  });
});
