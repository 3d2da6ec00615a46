// Walking skeleton: log in, greeting and memberships, sign-up with a pending membership, offline API docs.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { checkA11y } from '../lib/a11y.mjs';
import { launchBrowser, newPage, screenshot } from '../lib/browser.mjs';
import { startServer } from '../lib/server.mjs';

const DEMO_TRAINING = {
  email: 'formation@demo.tremplin.fr',
  password: 'DemoFormation2026!',
  fullName: 'Camille Laborde',
  organisation: "Forma'Bois Périgord",
};

let server;
let browser;

before(async () => {
  server = await startServer('skeleton-server');
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function logIn(page, email, password) {
  await page.goto('/connexion');
  await page.getByRole('heading', { name: 'Connexion' }).waitFor();
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe').fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
}

/** The text of the memberships table row naming `organisation`. */
async function membershipRow(page, organisation) {
  const row = page.getByRole('row', { name: new RegExp(organisation) });
  await row.waitFor();
  return (await row.textContent()) ?? '';
}

describe('web app', () => {
  test('the home page sends a visitor to the log-in page', async () => {
    const { context, page, errors } = await newPage(browser, server.baseUrl);
    await page.goto('/');
    await page.getByRole('heading', { name: 'Connexion' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/connexion');
    assert.equal(await page.locator('html').getAttribute('lang'), 'fr');
    await screenshot(page, '01', 'connexion');
    await checkA11y(page, 'connexion');

    // Keyboard: the first Tab reaches the skip link, which moves focus to the main content.
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Aller au contenu' });
    assert.ok(await skip.evaluate((el) => el === document.activeElement), 'the skip link comes first');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'contenu');

    // A token the server no longer accepts (401) ends the session and says so.
    await page.evaluate(() => localStorage.setItem('tremplin.token', 'jeton-perime'));
    await page.goto('/');
    await page.getByText('Votre session a expiré').waitFor();
    assert.equal(await page.evaluate(() => localStorage.getItem('tremplin.token')), null);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('a wrong password is refused with a French message', async () => {
    const { context, page } = await newPage(browser, server.baseUrl);
    await logIn(page, DEMO_TRAINING.email, 'pas-le-bon-mot-de-passe');
    const alert = page.getByRole('alert').filter({ hasText: /\S/ });
    await alert.waitFor();
    const text = (await alert.textContent()) ?? '';
    assert.ok(text.trim().length > 0, 'the alert explains the refusal');
    assert.equal(new URL(page.url()).pathname, '/connexion');
    await screenshot(page, '02', 'connexion-refusee');
    await checkA11y(page, 'connexion-refusee');
    await context.close();
  });

  test('the demo training organisation user sees the greeting and the membership', async () => {
    const { context, page, errors } = await newPage(browser, server.baseUrl);
    await logIn(page, DEMO_TRAINING.email, DEMO_TRAINING.password);
    await page.getByRole('heading', { name: `Bonjour ${DEMO_TRAINING.fullName}` }).waitFor();
    const row = await membershipRow(page, DEMO_TRAINING.organisation);
    assert.match(row, /Validé/);
    assert.match(row, /Organisme de formation/);

    const switcher = page.getByLabel('Structure active');
    const selected = await switcher.evaluate((el) => el.options[el.selectedIndex]?.text ?? '');
    assert.equal(selected, DEMO_TRAINING.organisation);
    const token = await page.evaluate(() => localStorage.getItem('tremplin.token'));
    assert.ok(token, 'the token is kept in localStorage');
    assert.ok(await page.evaluate(() => localStorage.getItem('tremplin.org')), 'the active organisation is kept');
    await screenshot(page, '03', 'accueil');
    await checkA11y(page, 'accueil');

    // A reload keeps the session.
    await page.reload();
    await page.getByRole('heading', { name: `Bonjour ${DEMO_TRAINING.fullName}` }).waitFor();

    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.getByRole('heading', { name: 'Connexion' }).waitFor();
    assert.equal(await page.evaluate(() => localStorage.getItem('tremplin.token')), null);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('a new user signs up, then sees the membership awaiting validation', async () => {
    const { context, page, errors } = await newPage(browser, server.baseUrl);
    const email = `claire.martin.${Date.now()}@exemple.fr`;
    const password = 'UnMotDePasseSolide2026';
    const fullName = 'Claire Martin';

    await page.goto('/connexion');
    await page.getByRole('link', { name: 'Créer un compte' }).click();
    await page.getByRole('heading', { name: 'Créer un compte' }).waitFor();

    // Sending the empty form shows what is missing, next to each field.
    await page.getByRole('button', { name: 'Créer mon compte' }).click();
    await page.getByRole('alert').filter({ hasText: 'corrigez les champs' }).waitFor();
    assert.equal(await page.getByLabel('Mot de passe').getAttribute('aria-invalid'), 'true');
    await screenshot(page, '04', 'inscription-incomplete');
    await checkA11y(page, 'inscription-incomplete');

    await page.getByLabel('Nom complet').fill(fullName);
    await page.getByLabel('Adresse e-mail').fill(email);
    await page.getByLabel('Mot de passe').fill(password);
    await page.getByLabel('Rechercher une structure').fill('Forma');
    const choice = page.getByRole('radio', { name: new RegExp(DEMO_TRAINING.organisation) });
    await choice.check();
    await page.getByText(`Structure choisie : ${DEMO_TRAINING.organisation}`).waitFor();
    assert.equal(await page.getByRole('alert').filter({ hasText: /\S/ }).count(), 0, 'fixed fields clear the errors');
    await screenshot(page, '05', 'inscription-remplie');
    await checkA11y(page, 'inscription-remplie');

    await page.getByRole('button', { name: 'Créer mon compte' }).click();
    await page
      .getByText(
        `Votre demande de rattachement à ${DEMO_TRAINING.organisation} est en attente de validation par un administrateur de la structure.`,
      )
      .waitFor();
    await screenshot(page, '06', 'inscription-en-attente');
    await checkA11y(page, 'inscription-en-attente');

    await logIn(page, email, password);
    await page.getByRole('heading', { name: `Bonjour ${fullName}` }).waitFor();
    const row = await membershipRow(page, DEMO_TRAINING.organisation);
    assert.match(row, /En attente de validation/);
    await page.getByText('Aucune structure validée').waitFor();
    await screenshot(page, '07', 'accueil-en-attente');
    await checkA11y(page, 'accueil-en-attente');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('the API docs render with no internet access', async () => {
    const { context, page } = await newPage(browser, server.baseUrl);
    const aborted = [];
    await context.route('**/*', (route) => {
      const { hostname } = new URL(route.request().url());
      if (hostname === '127.0.0.1' || hostname === 'localhost') return route.continue();
      aborted.push(route.request().url());
      return route.abort('internetdisconnected');
    });
    await page.goto('/api/docs/');
    const title = page.locator('.swagger-ui .info .title');
    await title.waitFor();
    assert.match((await title.textContent()) ?? '', /Tremplin API/);
    await page.locator('.swagger-ui .opblock').first().waitFor();
    await screenshot(page, '08', 'api-docs-hors-ligne');
    assert.deepEqual(aborted, [], 'the docs page asked for nothing outside the server');
    await context.close();
  });
});
