// Import LHEO (issue 13): the platform admin uploads the demo region's file from the admin navigation, reads
// the report (everything created), uploads it again and reads that nothing was created. Keyboard only for the
// second upload. One server for the file.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';

import { launchBrowser, newPage, screenshot } from '../lib/browser.mjs';
import { startServer } from '../lib/server.mjs';
import { logIn } from '../lib/login.mjs';

const ADMIN = { email: 'admin@demo.tremplin.fr', password: 'DemoAdmin2026!' };
const DEMO_REGION = fileURLToPath(new URL('../../crates/server/tests/fixtures/lheo/demo-region.xml', import.meta.url));

let server;
let browser;

before(async () => {
  server = await startServer('lheo-server');
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

describe('LHEO import', () => {
  test('the platform imports the demo region, then again with nothing created', async () => {
    const { context, page, errors } = await newPage(browser, server.baseUrl);
    await logIn(page, ADMIN);
    await page.getByRole('link', { name: 'Import LHEO' }).click();
    await page.getByRole('heading', { name: 'Import LHEO', level: 1 }).waitFor();

    // Sending without a file says what is missing, next to the field.
    await page.getByRole('button', { name: 'Importer' }).click();
    await page.getByText('Choisissez un fichier LHEO.').waitFor();

    await page.getByLabel('Fichier LHEO (XML)').setInputFiles(DEMO_REGION);
    await page.getByRole('button', { name: 'Importer' }).click();
    const report = page.getByRole('region', { name: 'Compte rendu' });
    await report.getByText('Formations : 3 créée(s), 0 mise(s) à jour, 0 inchangée(s)').waitFor();
    await report.getByText('Sessions : 5 créée(s), 0 mise(s) à jour, 0 inchangée(s)').waitFor();
    await report.getByText('Éléments refusés : 0').waitFor();
    await screenshot(page, 'lheo', '1-created');

    // Again, from the keyboard: the same file changes nothing.
    await page.getByLabel('Fichier LHEO (XML)').setInputFiles(DEMO_REGION);
    await page.getByRole('button', { name: 'Importer' }).focus();
    await page.keyboard.press('Enter');
    await report.getByText('Formations : 0 créée(s), 0 mise(s) à jour, 3 inchangée(s)').waitFor();
    await report.getByText('Sessions : 0 créée(s), 0 mise(s) à jour, 5 inchangée(s)').waitFor();
    await screenshot(page, 'lheo', '2-unchanged');

    // The imported offer is public in LHEO.
    const xml = await (await fetch(`${server.baseUrl}/api/lheo/offres.xml`)).text();
    assert.match(xml, /<formation numero="NA-F-1001">/);
    assert.deepEqual(errors, []);
    await context.close();
  });
});
