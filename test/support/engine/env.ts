// Environment for the in-process n8n engine. Imported first by engine.ts so it
// runs before n8n-core builds any of its DI services (they read process.env
// when constructed).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const defaults: Record<string, string> = {
	N8N_ENCRYPTION_KEY: 'n8n-nodes-28inter-test-harness',
	N8N_DIAGNOSTICS_ENABLED: 'false',
	N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
	N8N_TEMPLATES_ENABLED: 'false',
	N8N_PERSONALIZATION_ENABLED: 'false',
	N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
	N8N_LOG_LEVEL: 'silent',
};
for (const [key, value] of Object.entries(defaults)) process.env[key] ??= value;

// InstanceSettings writes <N8N_USER_FOLDER>/.n8n/config and the filesystem
// binary-data store lives under <N8N_USER_FOLDER>/.n8n/storage.
process.env.N8N_USER_FOLDER ??= mkdtempSync(join(tmpdir(), 'n8n-harness-'));

export const userFolder = process.env.N8N_USER_FOLDER;
