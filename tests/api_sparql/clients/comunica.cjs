// The docs/sparql.md recipe for Comunica's JavaScript API, run by
// tests/api_sparql/test_sparql_comunica_jena.py: one query sent twice, once with the token as
// Basic's password (httpAuth), once as a Bearer header added by a custom fetch.
// Usage: IPAS_TOKEN=... node comunica.cjs ENDPOINT QUERY  -> {"basic": [...], "bearer": [...]}
const { QueryEngine } = require('@comunica/query-sparql');

async function rows(engine, query, context) {
  const bindings = await engine.queryBindings(query, context);
  return (await bindings.toArray()).map(
    (b) => Object.fromEntries([...b].map(([variable, term]) => [variable.value, term.value])));
}

async function main() {
  const [endpoint, query] = process.argv.slice(2);
  const token = process.env.IPAS_TOKEN;
  const sources = [{ type: 'sparql', value: endpoint }];
  const engine = new QueryEngine();
  const basic = await rows(engine, query, { sources, httpAuth: `me:${token}` });
  const bearer = await rows(new QueryEngine(), query, {
    sources,
    fetch: (input, init) => {
      const headers = new Headers(init && init.headers);
      headers.set('Authorization', `Bearer ${token}`);
      return fetch(input, { ...init, headers });
    },
  });
  process.stdout.write(JSON.stringify({ basic, bearer }) + '\n');
}

main().catch((err) => { process.stderr.write(`${err.stack || err}\n`); process.exit(1); });
