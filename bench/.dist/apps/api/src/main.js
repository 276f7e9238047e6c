import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigError, loadConfig } from "../../../libs/config/src/index.js";
import { prepareDatabase } from "../../../libs/database/src/index.js";
import { createApiApp, logStartup } from './bootstrap.js';
async function main() {
    const config = loadConfig();
    if (config.db.migrateOnStart) {
        const ran = await prepareDatabase(config);
        if (ran.length > 0)
            new Logger('Migrations').log(`Applied: ${ran.join(', ')}`);
    }
    const app = await createApiApp(config);
    await app.listen({ port: config.port, host: '0.0.0.0' });
    logStartup(config, `API listening on port ${config.port};`);
}
main().catch((error) => {
    // A configuration error names the variable; anything else is a start-up failure worth its stack.
    if (error instanceof ConfigError)
        console.error(error.message);
    else
        console.error('API failed to start:', error);
    process.exit(1);
});
//# sourceMappingURL=main.js.map