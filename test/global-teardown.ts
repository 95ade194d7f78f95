export default async function globalTeardown(): Promise<void> {
  await globalThis.__POSTVENTA_SERVICES__?.stop();
}
