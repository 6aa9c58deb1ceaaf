import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, type TestCluster } from '../support/simulator.js';
import { apiRequest, status } from './api-request.js';

/**
 * Bad requests over real HTTPS, answered as a real 1.32 API server answers them (status code,
 * reason and message from the handler code that produces them), and never taking it down.
 */
describe('bad input over HTTPS', () => {
  let cluster: TestCluster;
  const configmaps = '/api/v1/namespaces/default/configmaps';
  const post = (path: string, contentType: string, body: string | Buffer) =>
    apiRequest(cluster.simulator, path, {
      method: 'POST',
      headers: { 'Content-Type': contentType },
      body,
    });
  const badRequest = (message: string) => status(400, 'BadRequest', message);

  beforeAll(async () => {
    cluster = await startTestCluster();
    const created = await post(
      configmaps,
      'application/json',
      JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c1' } }),
    );
    expect(created.status, created.text).toBe(201);
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  describe('bodies that do not decode', () => {
    it('malformed JSON: Go’s syntax error, wrapped as an unrecognized object', async () => {
      const r = await post(configmaps, 'application/json', '{bad');
      expect(r.status).toBe(400);
      expect(r.json).toEqual(
        badRequest(
          "the object provided is unrecognized (must be of type ConfigMap): couldn't get version/kind; json parse error: invalid character 'b' looking for beginning of object key string ({bad)",
        ),
      );
    });

    it('truncated JSON and an empty body', async () => {
      const truncated = await post(configmaps, 'application/json', '{"kind":"ConfigMap"');
      expect(truncated.json).toEqual(
        badRequest(
          'the object provided is unrecognized (must be of type ConfigMap): couldn\'t get version/kind; json parse error: unexpected end of JSON input ({"kind":"ConfigMap")',
        ),
      );
      const empty = await post(configmaps, 'application/json', '');
      expect(empty.json).toEqual(
        badRequest(
          "the object provided is unrecognized (must be of type ConfigMap): couldn't get version/kind; json parse error: unexpected end of JSON input (<empty>)",
        ),
      );
    });

    it('a JSON array is not an object (summarized as hex, being no `{`)', async () => {
      const r = await post(configmaps, 'application/json', '[]');
      expect(r.json).toEqual(
        badRequest(
          'the object provided is unrecognized (must be of type ConfigMap): couldn\'t get version/kind; json parse error: json: cannot unmarshal array into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" } (5b5d)',
        ),
      );
    });

    it('YAML: a valid body is created, an invalid one is a 400 that names the YAML error', async () => {
      const ok = await post(
        configmaps,
        'application/yaml',
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-yaml\ndata:\n  k: v\n',
      );
      expect(ok.status, ok.text).toBe(201);
      expect((ok.json as { data: unknown }).data).toEqual({ k: 'v' });
      const bad = await post(configmaps, 'application/yaml', 'a: [b\n');
      expect(bad.status).toBe(400);
      const { message } = bad.json as { message: string };
      // Go's yaml parser words the cause differently; the frame around it is the server's.
      expect(message).toMatch(
        /^the object provided is unrecognized \(must be of type ConfigMap\): error converting YAML to JSON: yaml: .+ \(613a205b620a\)$/,
      );
    });

    it('a protobuf body that is not a Kubernetes protobuf message', async () => {
      const secrets = '/api/v1/namespaces/default/secrets';
      const garbage = await post(secrets, 'application/vnd.kubernetes.protobuf', 'garbage');
      expect(garbage.json).toEqual(
        badRequest(
          'the object provided is unrecognized (must be of type Secret): provided data does not appear to be a protobuf message, expected prefix [107 56 115 0] (67617262616765)',
        ),
      );
      const magicOnly = await post(
        secrets,
        'application/vnd.kubernetes.protobuf',
        Buffer.from('k8s\0', 'latin1'),
      );
      expect(magicOnly.json).toEqual(
        badRequest(
          'the object provided is unrecognized (must be of type Secret): empty body (6b387300)',
        ),
      );
      const corrupt = await post(
        secrets,
        'application/vnd.kubernetes.protobuf',
        Buffer.concat([Buffer.from('k8s\0', 'latin1'), Buffer.from([0x0a, 0xff, 0xff, 0x01])]),
      );
      expect(corrupt.status).toBe(400);
      expect((corrupt.json as { message: string }).message).toMatch(
        /^the object provided is unrecognized \(must be of type Secret\): .+ \(6b3873000affff01\)$/,
      );
    });

    it('an unsupported media type is a 415 listing the accepted ones', async () => {
      const r = await post(configmaps, 'text/plain', 'x');
      expect(r.status).toBe(415);
      expect((r.json as { reason: string }).reason).toBe('UnsupportedMediaType');
      expect((r.json as { message: string }).message).toMatch(
        /^the body of the request was in an unknown format - accepted media types include: application\/json, application\/yaml, application\/vnd\.kubernetes\.protobuf/,
      );
    });

    it('a 4 MiB body is refused with 413, with or without a Content-Length', async () => {
      const big = Buffer.alloc(4 * 1024 * 1024, 'a');
      const expected = status(
        413,
        'RequestEntityTooLarge',
        'Request entity too large: limit is 3145728',
      );
      const declared = await post(configmaps, 'application/json', big);
      expect(declared.status).toBe(413);
      expect(declared.json).toEqual(expected);
      const chunked = await apiRequest(cluster.simulator, configmaps, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: big,
        chunked: true,
      });
      expect(chunked.status).toBe(413);
      expect(chunked.json).toEqual(expected);
    });
  });

  describe('bodies of the wrong kind, version, namespace or name', () => {
    it('an unknown kind is not registered in the scheme', async () => {
      const r = await post(
        configmaps,
        'application/json',
        JSON.stringify({ apiVersion: 'v1', kind: 'Foo', metadata: { name: 'x' } }),
      );
      expect(r.json).toEqual(
        badRequest(
          'Foo in version "v1" cannot be handled as a ConfigMap: no kind "Foo" is registered for version "v1" in scheme "pkg/api/legacyscheme/scheme.go:30"',
        ),
      );
    });

    it('another known kind decodes, then cannot be converted', async () => {
      const r = await post(
        configmaps,
        'application/json',
        JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' } }),
      );
      expect(r.json).toEqual(
        badRequest(
          'Pod in version "v1" cannot be handled as a ConfigMap: converting (v1.Pod) to (core.ConfigMap): unknown conversion',
        ),
      );
    });

    it('a wrong apiVersion', async () => {
      const r = await post(
        configmaps,
        'application/json',
        JSON.stringify({ apiVersion: 'apps/v1', kind: 'ConfigMap', metadata: { name: 'x' } }),
      );
      expect(r.json).toEqual(
        badRequest(
          'ConfigMap in version "v1" cannot be handled as a ConfigMap: no kind "ConfigMap" is registered for version "apps/v1" in scheme "pkg/api/legacyscheme/scheme.go:30"',
        ),
      );
    });

    it('an object whose namespace differs from the URL', async () => {
      const r = await post(
        configmaps,
        'application/json',
        JSON.stringify({ metadata: { name: 'x', namespace: 'kube-system' } }),
      );
      expect(r.json).toEqual(
        badRequest(
          'the namespace of the provided object does not match the namespace sent on the request',
        ),
      );
    });

    it('PUT with a name other than the URL’s', async () => {
      const r = await apiRequest(cluster.simulator, `${configmaps}/c1`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'other' } }),
      });
      expect(r.json).toEqual(
        badRequest('the name of the object (other) does not match the name on the URL (c1)'),
      );
    });

    it('PUT or PATCH leaving no metadata.name: checkName compares "" with the URL’s name', async () => {
      const put = await apiRequest(cluster.simulator, `${configmaps}/c1`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: {}, data: {} }),
      });
      const expected = badRequest(
        'the name of the object () does not match the name on the URL (c1)',
      );
      expect(put.status).toBe(400);
      expect(put.json).toEqual(expected);
      // The patch handler runs the same check on the patched object.
      const patch = await apiRequest(cluster.simulator, `${configmaps}/c1`, {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/json-patch+json' },
        body: JSON.stringify([{ op: 'remove', path: '/metadata/name' }]),
      });
      expect(patch.status).toBe(400);
      expect(patch.json).toEqual(expected);
      // A wrong namespace is refused before the name is looked at.
      const both = await apiRequest(cluster.simulator, `${configmaps}/c1`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ metadata: { namespace: 'kube-system' } }),
      });
      expect(both.json).toEqual(
        badRequest(
          'the namespace of the provided object does not match the namespace sent on the request',
        ),
      );
      const kept = await apiRequest(cluster.simulator, `${configmaps}/c1`);
      expect((kept.json as { metadata: { name: string } }).metadata.name).toBe('c1');
    });
  });

  describe('paths and methods no route serves', () => {
    it('an unknown API group falls through to the plain-text 404 page', async () => {
      for (const path of ['/apis/foo/v1', '/apis/foo', '/apis/foo/v1/bars', '/nope']) {
        const r = await apiRequest(cluster.simulator, path);
        expect(r.status, path).toBe(404);
        expect(r.headers['content-type'], path).toBe('text/plain; charset=utf-8');
        expect(r.text, path).toBe('404 page not found\n');
      }
    });

    it('a path under a served web service that matches no route is a Status 404', async () => {
      for (const path of [
        '/api/v2',
        '/api/v1/namespaces/default/nope',
        '/api/v1/namespaces/default/pods/web/nope',
        '/api/v1/namespaces/default/configmaps/c1/status',
        '/apis/rbac.authorization.k8s.io/v1/nopes',
      ]) {
        const r = await apiRequest(cluster.simulator, path);
        expect(r.status, path).toBe(404);
        expect(r.json, path).toEqual(
          status(404, 'NotFound', 'the server could not find the requested resource', {}),
        );
      }
    });

    it('a method the route does not register is a bare 405', async () => {
      const cases: [string, string][] = [
        ['DELETE', '/api/v1/namespaces'],
        ['POST', '/api/v1/pods'],
        ['PUT', configmaps],
        ['POST', `${configmaps}/c1`],
        ['GET', '/api/v1/namespaces/default/pods/web/binding'],
      ];
      for (const [method, path] of cases) {
        const r = await apiRequest(cluster.simulator, path, { method });
        expect(r.status, `${method} ${path}`).toBe(405);
        expect(r.json, `${method} ${path}`).toEqual(
          status(
            405,
            'MethodNotAllowed',
            'the server does not allow this method on the requested resource',
            {},
          ),
        );
      }
    });

    it('?watch=true on a single object is a plain GET of that object', async () => {
      const r = await apiRequest(cluster.simulator, `${configmaps}/c1?watch=true`);
      expect(r.status).toBe(200);
      expect(r.json).toMatchObject({ kind: 'ConfigMap', metadata: { name: 'c1' } });
    });

    it('the legacy /watch/ path on one object streams that object only', async () => {
      const r = await apiRequest(
        cluster.simulator,
        '/api/v1/watch/namespaces/default/configmaps/c1?timeoutSeconds=1',
      );
      expect(r.status).toBe(200);
      const events = r.text
        .trim()
        .split('\n')
        .map(
          (line) => JSON.parse(line) as { type: string; object: { metadata: { name: string } } },
        );
      expect(events.map((e) => [e.type, e.object.metadata.name])).toEqual([['ADDED', 'c1']]);
    });
  });

  describe('selectors', () => {
    const list = (query: string) => apiRequest(cluster.simulator, `${configmaps}?${query}`);

    it('a label selector that does not parse: labels.Parse’s message', async () => {
      expect((await list('labelSelector=a%20b')).json).toEqual(
        badRequest(
          "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt",
        ),
      );
      expect((await list('labelSelector=app%20in%20(web')).json).toEqual(
        badRequest("unable to parse requirement: found '', expected: ',' or ')'"),
      );
      expect((await list('labelSelector=a=b,')).json).toEqual(
        badRequest("found '', expected: identifier after ','"),
      );
    });

    it('a label selector with an invalid key or value', async () => {
      expect((await list('labelSelector=Foo_=x')).json).toEqual(
        badRequest(
          "unable to parse requirement: <nil>: Invalid value: \"Foo_\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
        ),
      );
      expect((await list('labelSelector=app=-x')).json).toEqual(
        badRequest(
          "unable to parse requirement: values[0][app]: Invalid value: \"-x\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
        ),
      );
    });

    it('a field the resource’s field-label conversion does not know', async () => {
      expect((await list('fieldSelector=data.x%3D1')).json).toEqual(
        badRequest(
          '"data.x" is not a known field selector: only "metadata.name", "metadata.namespace"',
        ),
      );
      const pods = await apiRequest(
        cluster.simulator,
        '/api/v1/namespaces/default/pods?fieldSelector=spec.foo%3Dbar',
      );
      expect(pods.json).toEqual(badRequest('field label not supported: spec.foo'));
      const nodes = await apiRequest(
        cluster.simulator,
        '/api/v1/nodes?fieldSelector=metadata.namespace%3Dx',
      );
      expect(nodes.json).toEqual(badRequest('field label not supported: metadata.namespace'));
      expect((await list('fieldSelector=foo')).json).toEqual(
        badRequest("invalid selector: 'foo'; can't understand 'foo'"),
      );
    });
  });

  it('refuses a request without the token with 401', async () => {
    const r = await apiRequest(cluster.simulator, configmaps, {
      headers: { Authorization: 'Bearer wrong' },
    });
    expect(r.json).toEqual(status(401, 'Unauthorized', 'Unauthorized'));
  });

  it('keeps serving after all of the above', async () => {
    const ready = await apiRequest(cluster.simulator, '/readyz');
    expect([ready.status, ready.text]).toEqual([200, 'ok']);
    const listed = await apiRequest(cluster.simulator, configmaps);
    expect(listed.status).toBe(200);
    const names = (listed.json as { items: { metadata: { name: string } }[] }).items.map(
      (i) => i.metadata.name,
    );
    expect(names).toEqual(['c1', 'from-yaml', 'kube-root-ca.crt']);
  });
});
