import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigError, loadConfig } from "../../../libs/config/src/index.js";
import { prepareDatabase } from "../../../libs/database/src/index.js";
import { createWorkerApp } from './bootstrap.js';
async function main() {
    const config = loadConfig();
    if (config.db.migrateOnStart)
        await prepareDatabase(config);
    const app = await createWorkerApp(config);
    await app.listen({ port: config.workerHttpPort, host: '0.0.0.0' });
    new Logger('Startup').log(`Worker ready (health on port ${config.workerHttpPort}, database ${config.db.name})`);
}
main().catch((error) => {
    if (error instanceof ConfigError)
        console.error(error.message);
    else
        console.error('Worker failed to start:', error);
    process.exit(1);
});
//# sourceMappingURL=main.js.map