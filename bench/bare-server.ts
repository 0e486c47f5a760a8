/** The baseline for bench/intake: a bare Fastify 5 route that validates the same body schema and answers 201. */
import Fastify from 'fastify';
import { RegisterBody } from '../src/http/routes/petitions.routes.ts';

const app = Fastify({ logger: false });
let n = 0;
app.post('/api/v1/petitions', { schema: { body: RegisterBody } }, async (_req, reply) => reply.status(201).send({ id: ++n }));
await app.listen({ port: Number(process.env.PORT ?? 3901), host: '127.0.0.1' });
console.log('ready');
