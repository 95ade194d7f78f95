// Every e2e worker runs against the services started (or pointed at) by global-setup.
process.env.LOG_LEVEL ??= 'warn';
process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
