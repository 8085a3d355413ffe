/** What every service knows about the process it runs in. */
export interface ServiceContext {
  readonly host: 'electron' | 'web' | 'test';
}
