import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
/** /docs (Swagger UI) and /docs-json: every route, its schemas, errors and both auth schemes. */
export function registerOpenApi(app) {
    const document = SwaggerModule.createDocument(app, new DocumentBuilder()
        .setTitle('Partner Binding Service')
        .setDescription('Bind certified technical partners to marketplace seller accounts. An administrator requests a binding ("Turn On"), ' +
        'the partner is told by a signed webhook and confirms or declines; bound partners are the seller\'s Helpful Contacts. ' +
        'Every error is application/problem+json with a stable `code`.')
        .setVersion('1')
        .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'The back office\'s OPERATOR_TOKEN (only /v1/operator/*)' }, 'operator')
        .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'A seller or partner user\'s access token, minted by POST /v1/operator/tokens' }, 'user')
        .build());
    SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', customSiteTitle: 'Partner Binding Service API' });
}
//# sourceMappingURL=openapi.js.map