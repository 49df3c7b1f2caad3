// Shared facts of the demo (scripts/demo.mjs) and the screenshot script
// (scripts/screenshots/take.mjs): where things live, the printed logins, and
// the ids of the example workflows in examples/*.json.
// Plain ESM, Node built-ins only.

import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '..', '..');
export const examplesDir = path.join(repoRoot, 'examples');
export const assetsDir = path.join(examplesDir, 'assets');

/** The demo's own n8n user folder (git-ignored through `.cache/`); DEMO_DIR overrides it. */
export const demoDir = () => path.resolve(process.env.DEMO_DIR || path.join(repoRoot, '.cache', 'demo-n8n'));

export const DEFAULT_PORT = 5678;
export const DEFAULT_SIM_PORT = 5680;

/** The n8n owner the demo creates (printed; a local demo, not a secret). */
export const OWNER = { email: 'demo@example.com', password: 'Demo-28inter-pw', firstName: 'Demo', lastName: 'User' };

/** The simulator's default account (test/simulator/accounts.ts) and the credential pointing at it. */
export const SIM_ACCOUNT = { userId: '1001', account: 'demo', password: 'demo-secret-pw' };
export const CREDENTIAL = { id: 'inter28DemoCreds', name: '28inter demo (simulator)', type: 'inter28Api' };

/**
 * A second simulator account for the campaign pair. 28inter hands each delivery report out once per
 * account, so two published report workflows on one account would split the reports between them:
 * the campaign's reports must reach only the workflow that updates the campaign's rows, and the
 * other examples' reports only "on delivery report". The demo adds it to the simulator.
 */
export const CAMPAIGN_ACCOUNT = { userId: '1006', account: 'campaign', password: 'campaign-secret-pw' };
export const CAMPAIGN_CREDENTIAL = { id: 'inter28CampCreds', name: '28inter campaign (simulator)', type: 'inter28Api' };

/** Example workflows (examples/<file>) by role; ids are the ones in the files. */
export const WORKFLOWS = {
	picture: { file: 'send-mms-with-picture.json', id: 'inter28ExPicture', sendNode: 'Send MMS' },
	bulk: { file: 'bulk-send-from-list.json', id: 'inter28ExBulkSnd', sendNode: 'Send personal MMS' },
	balance: { file: 'check-balance.json', id: 'inter28ExBalance' },
	reports: { file: 'on-delivery-report.json', id: 'inter28ExReports', triggerNode: 'On delivery report' },
	largePng: { file: 'send-large-png.json', id: 'inter28ExLargPng', sendNode: 'Send MMS' },
	campaign: { file: 'campaign-from-list.json', id: 'inter28ExCampgn1', sendNode: 'Send campaign', tableNode: 'Record taskId + mobile', startNode: 'When clicking ‘Execute workflow’' },
	campaignReports: { file: 'campaign-delivery-reports.json', id: 'inter28ExCmpRpts', triggerNode: 'On delivery report', tableNode: "Update the recipient's row" },
};

/** State the running demo writes for other tools (the screenshot script): URLs and PIDs. */
export const stateFile = () => path.join(demoDir(), 'demo-state.json');
