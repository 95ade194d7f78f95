import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { templatesCommand } from '../apps/dispatcher/src';
import { SmtpCaptureClient } from './support/smtp-capture.client';

/** Runs `postventa templates ...` in this process and returns what it printed and its exit code. */
async function templates(...args: string[]): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  const out: string[] = [];
  const err: string[] = [];
  const stdout = jest
    .spyOn(process.stdout, 'write')
    .mockImplementation((chunk: string | Uint8Array) => (out.push(String(chunk)), true));
  const stderr = jest
    .spyOn(process.stderr, 'write')
    .mockImplementation((chunk: string | Uint8Array) => (err.push(String(chunk)), true));
  process.exitCode = 0;
  try {
    await templatesCommand().exitOverride().parseAsync(args, { from: 'user' });
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
  const exitCode = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { stdout: out.join(''), stderr: err.join(''), exitCode };
}

describe('postventa templates preview / validate', () => {
  const work = mkdtempSync(join(tmpdir(), 'postventa-templates-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('previews a template in a language to an HTML file', async () => {
    const out = join(work, 'preview.html');
    const result = await templates(
      'preview',
      'order-confirmation',
      '--locale',
      'es',
      '--out',
      out,
      '--dir',
      'flows/templates',
    );
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toContain('order-confirmation (es): Pedido LM-10482 confirmado');
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('<html lang="es">');
    expect(html).toContain('Lámpara de pie Arco');
  });

  it('previews with another sample file', async () => {
    const sample = JSON.parse(readFileSync('flows/templates/order-confirmation/sample.json', 'utf8'));
    sample.context.order.order_id = 'CUSTOM-1';
    const data = join(work, 'sample.json');
    writeFileSync(data, JSON.stringify(sample));
    const result = await templates(
      'preview',
      'order-confirmation',
      '--locale',
      'pt',
      '--data',
      data,
      '--dir',
      'flows/templates',
    );
    expect(result.stdout).toContain('CUSTOM-1');
    expect(result.stdout).toContain('<html lang="pt">');
  });

  it('sends a test email marked as a test', async () => {
    const to = `preview.${randomUUID().slice(0, 8)}@example.com`;
    const result = await templates(
      'preview',
      'nps-survey',
      '--locale',
      'en',
      '--send-to',
      to,
      '--dir',
      'flows/templates',
    );
    expect(result.exitCode).toBe(0);
    const [mail] = await new SmtpCaptureClient().waitFor(to, 1);
    expect(mail.subject).toMatch(/^\[TEST\] Quick question/);
    expect(mail.headers['x-postventa-test']).toBe('true');
  });

  it('validates the shipped templates', async () => {
    const result = await templates('validate', 'flows/templates');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^ok: \d+ templates, \d+ variants rendered, 0 problems/m);
  });

  it('lists every problem and exits non-zero', async () => {
    const dir = join(work, 'broken');
    cpSync('flows/templates', dir, { recursive: true });
    rmSync(join(dir, 'welcome', 'pt.hbs'));
    writeFileSync(
      join(dir, 'order-confirmation', 'en.hbs'),
      '---\nsubject: "Order {{order.nope}}"\n---\n<p>{{#if}}</p>',
    );
    const result = await templates('validate', dir);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('welcome/pt.hbs: [LOCALE_NOT_FOUND]');
    expect(result.stdout).toMatch(/order-confirmation\/en\.hbs: \[/);
    expect(result.stderr).toContain('have problems');
  });
});
