/**
 * Creates the run's report directory (each test file writes its facts there, see src/report.ts)
 * and, once every file has run, prints the report.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { operations } from '@jobs-api/test-helpers';
import type { TestProject } from 'vitest/node';
import { JOB_FIELDS } from './src/jobChecks.js';
import { formatReport, mergeFacts } from './src/report.js';
import { enumOf } from './src/spec.js';

declare module 'vitest' {
  export interface ProvidedContext {
    reportDir: string;
  }
}

export default function setup(project: TestProject) {
  const reportDir = mkdtempSync(join(tmpdir(), 'jobs-api-contract-report-'));
  project.provide('reportDir', reportDir);
  return () => {
    try {
      const merged = mergeFacts(reportDir);
      console.log(formatReport(merged, { endpoints: enumOf('JobEndpoint').length, fields: JOB_FIELDS.length, operations: operations.length }));
    } finally {
      rmSync(reportDir, { recursive: true, force: true });
    }
  };
}
