/**
 * `npx tsx scripts/generate-policy-templates.ts`: rewrites the JSON schema and
 * the ADMX/ADML templates in build/policy/ from src/shared/policy.ts. Run it
 * after changing the policy schema; a unit test fails until you do.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { policyTemplateDirectory, policyTemplates } from './policy-templates';

const root = join(import.meta.dirname, '..');

for (const [path, content] of Object.entries(policyTemplates())) {
  const target = join(root, policyTemplateDirectory, path);
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, content, 'utf8');
  console.log(`wrote ${join(policyTemplateDirectory, path)}`);
}
