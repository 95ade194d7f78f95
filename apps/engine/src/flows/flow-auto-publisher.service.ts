import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { AppConfig, Clock, LOGGER, Logger } from '@postventa/platform';
import { FlowPublisher, loadFlowDirectory } from '@postventa/flows';

/**
 * With FLOWS_AUTO_PUBLISH, publishes the flows of FLOWS_DIR when the engine starts, before the
 * consumers start: a file whose content changed becomes a new version, an unchanged one is left
 * alone. A file with mistakes is logged and skipped; the others are published.
 */
@Injectable()
export class FlowAutoPublisher implements OnModuleInit {
  constructor(
    private readonly config: AppConfig,
    private readonly publisher: FlowPublisher,
    private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onModuleInit(): Promise<void> {
    if (!this.config.get('FLOWS_AUTO_PUBLISH')) return;
    const dir = resolve(this.config.get('FLOWS_DIR'));
    if (!existsSync(dir)) {
      this.logger.warn({ dir }, 'FLOWS_DIR does not exist; no flows published at start-up');
      return;
    }
    const loaded = loadFlowDirectory(dir);
    for (const issue of loaded.issues) {
      this.logger.error(
        { file: issue.file, line: issue.line, column: issue.column, path: issue.path },
        `flow not published: ${issue.message}`,
      );
    }
    const results = await this.publisher.publish(loaded.flows, this.clock.now());
    for (const r of results) {
      if (r.action === 'published') {
        this.logger.info(
          {
            flow_id: r.flow_id,
            number: r.number,
            flow_version: r.version,
            status: r.status,
            changes: r.changes,
            file: r.file,
          },
          'flow version published',
        );
      }
    }
    this.logger.info(
      { dir, flows: results.length, published: results.filter((r) => r.action === 'published').length },
      'flows checked at start-up',
    );
  }
}
