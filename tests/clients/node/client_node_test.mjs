// Conformance with the JavaScript Kubernetes client from npm (@kubernetes/client-node 2.x):
// each request shape it sends for the sandbox's kinds must work as on a real cluster.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as k8s from '@kubernetes/client-node';

const kc = new k8s.KubeConfig();
kc.loadFromFile(process.env.KUBECONFIG);
const core = kc.makeApiClient(k8s.CoreV1Api);
const coordination = kc.makeApiClient(k8s.CoordinationV1Api);
const ns = 'js';
const mergePatch = k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch);
// Whatever hangs, the run ends: a watch left open would keep node alive.
setTimeout(() => {
  console.error('client_node_test: still running after 45 s, stopping');
  process.exit(1);
}, 45000).unref();

// The Status a failed call carries, parsed.
async function failure(promise) {
  try {
    await promise;
  } catch (e) {
    assert.ok(e instanceof k8s.ApiException, `not an ApiException: ${e}`);
    return { code: e.code, status: typeof e.body === 'string' ? JSON.parse(e.body) : e.body };
  }
  assert.fail('the call succeeded');
}

// Events of a watch on `path` while `act` runs, until `until` says enough or 5 s pass.
async function watchWhile(path, query, act, until) {
  const events = [];
  let done;
  const finished = new Promise((resolve) => (done = resolve));
  const watch = new k8s.Watch(kc);
  const req = await watch.watch(
    path,
    query,
    (type, obj) => {
      events.push({ type, obj });
      if (until(events)) done();
    },
    () => done(),
  );
  const timer = setTimeout(done, 5000);
  try {
    await act();
    await finished;
  } finally {
    clearTimeout(timer);
    req.abort();
  }
  return events;
}

test('create a Namespace with a typed body that has no kind or apiVersion', async () => {
  const created = await core.createNamespace({ body: { metadata: { name: ns, labels: { team: 'a' } } } });
  assert.equal(created.kind, 'Namespace');
  assert.equal(created.apiVersion, 'v1');
  assert.equal(created.metadata.name, ns);
  assert.match(created.metadata.resourceVersion, /^[0-9]+$/);
  assert.equal(created.status.phase, 'Active');
});

test('create a Secret and read it back', async () => {
  const body = { metadata: { name: 's1', labels: { app: 'state' } }, type: 'Opaque', data: { k: Buffer.from('v').toString('base64') } };
  const created = await core.createNamespacedSecret({ namespace: ns, body });
  assert.equal(created.kind, 'Secret');
  const got = await core.readNamespacedSecret({ name: 's1', namespace: ns });
  assert.equal(Buffer.from(got.data.k, 'base64').toString(), 'v');
  assert.equal(got.metadata.resourceVersion, created.metadata.resourceVersion);
});

test('a second create of the same name is a 409 AlreadyExists Status', async () => {
  const { code, status } = await failure(
    core.createNamespacedSecret({ namespace: ns, body: { metadata: { name: 's1' } } }),
  );
  assert.equal(code, 409);
  assert.equal(status.kind, 'Status');
  assert.equal(status.apiVersion, 'v1');
  assert.equal(status.reason, 'AlreadyExists');
  assert.equal(status.details.name, 's1');
  assert.equal(status.details.kind, 'secrets');
});

test('list Secrets with label selectors', async () => {
  await core.createNamespacedSecret({ namespace: ns, body: { metadata: { name: 's2', labels: { app: 'other' } } } });
  const all = await core.listNamespacedSecret({ namespace: ns });
  assert.equal(all.kind, 'SecretList');
  assert.equal(all.apiVersion, 'v1');
  assert.match(all.metadata.resourceVersion, /^[0-9]+$/);
  assert.deepEqual(all.items.map((s) => s.metadata.name).sort(), ['s1', 's2']);
  const eq = await core.listNamespacedSecret({ namespace: ns, labelSelector: 'app=state' });
  assert.deepEqual(eq.items.map((s) => s.metadata.name), ['s1']);
  const set = await core.listNamespacedSecret({ namespace: ns, labelSelector: 'app in (other,none)' });
  assert.deepEqual(set.items.map((s) => s.metadata.name), ['s2']);
  const none = await core.listNamespacedSecret({ namespace: ns, labelSelector: '!app' });
  assert.equal(none.items.length, 0);
});

test('a Lease time from a plain Date is refused, as kube-apiserver refuses it', async () => {
  const { code, status } = await failure(
    coordination.createNamespacedLease({
      namespace: ns,
      body: { metadata: { name: 'date' }, spec: { renewTime: new Date() } },
    }),
  );
  assert.equal(code, 400);
  assert.match(status.message, /parsing time ".*\.\d{3}Z" as "2006-01-02T15:04:05.000000Z07:00"/);
});

test('a Lease is created, read and replaced with its resourceVersion', async () => {
  // Lease times are MicroTimes: kube-apiserver wants six fractional digits, which a plain Date
  // (toISOString: three) does not give; the client's V1MicroTime does.
  const now = new k8s.V1MicroTime();
  const created = await coordination.createNamespacedLease({
    namespace: ns,
    body: { metadata: { name: 'lock' }, spec: { holderIdentity: 'run-1', leaseDurationSeconds: 15, acquireTime: now, renewTime: now } },
  });
  assert.equal(created.kind, 'Lease');
  assert.equal(created.apiVersion, 'coordination.k8s.io/v1');
  const read = await coordination.readNamespacedLease({ name: 'lock', namespace: ns });
  assert.equal(read.spec.holderIdentity, 'run-1');
  read.spec.renewTime = new k8s.V1MicroTime(now.getTime() + 1000);
  read.spec.holderIdentity = 'run-2';
  const replaced = await coordination.replaceNamespacedLease({ name: 'lock', namespace: ns, body: read });
  assert.equal(replaced.spec.holderIdentity, 'run-2');
  assert.notEqual(replaced.metadata.resourceVersion, read.metadata.resourceVersion);
});

test('replacing a Lease with a stale resourceVersion is a 409 Conflict', async () => {
  const read = await coordination.readNamespacedLease({ name: 'lock', namespace: ns });
  const renewed = structuredClone(read);
  renewed.spec.renewTime = new k8s.V1MicroTime();
  await coordination.replaceNamespacedLease({ name: 'lock', namespace: ns, body: renewed });
  read.spec.holderIdentity = 'thief';
  const { code, status } = await failure(
    coordination.replaceNamespacedLease({ name: 'lock', namespace: ns, body: read }),
  );
  assert.equal(code, 409);
  assert.equal(status.reason, 'Conflict');
  assert.equal(status.details.kind, 'leases');
  assert.equal(status.details.group, 'coordination.k8s.io');
});

test('merge patch and JSON patch of a Secret', async () => {
  const merged = await core.patchNamespacedSecret(
    { name: 's1', namespace: ns, body: { metadata: { labels: { patched: 'yes' } } } },
    mergePatch,
  );
  assert.equal(merged.metadata.labels.patched, 'yes');
  assert.equal(merged.metadata.labels.app, 'state');
  const jsonPatched = await core.patchNamespacedSecret({
    name: 's1',
    namespace: ns,
    body: [{ op: 'add', path: '/metadata/annotations', value: { note: 'json' } }],
  });
  assert.equal(jsonPatched.metadata.annotations.note, 'json');
});

test('a dry-run create stores nothing', async () => {
  const dry = await core.createNamespacedSecret({ namespace: ns, body: { metadata: { name: 'dry' } }, dryRun: 'All' });
  assert.equal(dry.metadata.name, 'dry');
  const { code } = await failure(core.readNamespacedSecret({ name: 'dry', namespace: ns }));
  assert.equal(code, 404);
});

test('delete a Secret, then reading it is a 404 NotFound Status', async () => {
  const deleted = await core.deleteNamespacedSecret({ name: 's2', namespace: ns });
  assert.equal(deleted.kind, 'Status');
  assert.equal(deleted.status, 'Success');
  const { code, status } = await failure(core.readNamespacedSecret({ name: 's2', namespace: ns }));
  assert.equal(code, 404);
  assert.equal(status.reason, 'NotFound');
});

test('a watch receives ADDED, MODIFIED and DELETED', async () => {
  const path = `/api/v1/namespaces/${ns}/secrets`;
  const list = await core.listNamespacedSecret({ namespace: ns });
  const events = await watchWhile(
    path,
    { resourceVersion: list.metadata.resourceVersion },
    async () => {
      await core.createNamespacedSecret({ namespace: ns, body: { metadata: { name: 'w1' } } });
      await core.patchNamespacedSecret({ name: 'w1', namespace: ns, body: { metadata: { labels: { x: '1' } } } }, mergePatch);
      await core.deleteNamespacedSecret({ name: 'w1', namespace: ns });
    },
    (evs) => evs.some((e) => e.type === 'DELETED'),
  );
  assert.deepEqual(
    events.map((e) => `${e.type} ${e.obj.metadata.name}`),
    ['ADDED w1', 'MODIFIED w1', 'DELETED w1'],
  );
  for (const e of events) {
    assert.equal(e.obj.kind, 'Secret');
    assert.equal(e.obj.apiVersion, 'v1');
  }
});

test('a watch of a Lease by name sees it renewed', async () => {
  const read = await coordination.readNamespacedLease({ name: 'lock', namespace: ns });
  const events = await watchWhile(
    `/apis/coordination.k8s.io/v1/namespaces/${ns}/leases`,
    { fieldSelector: 'metadata.name=lock', resourceVersion: read.metadata.resourceVersion },
    async () => {
      read.spec.renewTime = new k8s.V1MicroTime();
      await coordination.replaceNamespacedLease({ name: 'lock', namespace: ns, body: read });
    },
    (evs) => evs.length > 0,
  );
  assert.equal(events[0]?.type, 'MODIFIED');
  assert.equal(events[0]?.obj.kind, 'Lease');
});

test('a label-selected watch sees an object enter as ADDED and leave as DELETED', async () => {
  const list = await core.listNamespacedSecret({ namespace: ns });
  const events = await watchWhile(
    `/api/v1/namespaces/${ns}/secrets`,
    { labelSelector: 'stage=on', resourceVersion: list.metadata.resourceVersion },
    async () => {
      await core.patchNamespacedSecret({ name: 's1', namespace: ns, body: { metadata: { labels: { stage: 'on' } } } }, mergePatch);
      await core.patchNamespacedSecret({ name: 's1', namespace: ns, body: { metadata: { labels: { stage: 'off' } } } }, mergePatch);
    },
    (evs) => evs.length >= 2,
  );
  assert.deepEqual(events.map((e) => e.type), ['ADDED', 'DELETED']);
});

test('a watch asked for bookmarks gets the initial events then a BOOKMARK', async () => {
  const events = await watchWhile(
    `/api/v1/namespaces/${ns}/secrets`,
    { allowWatchBookmarks: true, sendInitialEvents: true, resourceVersionMatch: 'NotOlderThan' },
    async () => {},
    (evs) => evs.some((e) => e.type === 'BOOKMARK'),
  );
  const types = events.map((e) => e.type);
  assert.deepEqual(types, ['ADDED', 'BOOKMARK']);
  const bookmark = events[1].obj;
  assert.equal(bookmark.kind, 'Secret');
  assert.match(bookmark.metadata.resourceVersion, /^[0-9]+$/);
  assert.equal(bookmark.metadata.annotations['k8s.io/initial-events-end'], 'true');
});

test('an informer lists, then follows adds, updates and deletes', async () => {
  const path = `/api/v1/namespaces/${ns}/secrets`;
  const informer = k8s.makeInformer(kc, path, () => core.listNamespacedSecret({ namespace: ns }));
  const seen = [];
  let done;
  const finished = new Promise((resolve) => (done = resolve));
  for (const verb of ['add', 'update', 'delete']) {
    informer.on(verb, (obj) => {
      seen.push(`${verb} ${obj.metadata.name}`);
      if (verb === 'delete' && obj.metadata.name === 'i1') done();
    });
  }
  informer.on('error', (err) => seen.push(`error ${err}`));
  await informer.start();
  const timer = setTimeout(done, 5000);
  try {
    await core.createNamespacedSecret({ namespace: ns, body: { metadata: { name: 'i1' } } });
    await core.patchNamespacedSecret({ name: 'i1', namespace: ns, body: { metadata: { labels: { y: '1' } } } }, mergePatch);
    await core.deleteNamespacedSecret({ name: 'i1', namespace: ns });
    await finished;
  } finally {
    clearTimeout(timer);
    await informer.stop();
  }
  assert.ok(seen.includes('add s1'), seen.join(', '));
  assert.deepEqual(seen.filter((s) => s.endsWith(' i1')), ['add i1', 'update i1', 'delete i1']);
});

test('the generic KubernetesObjectApi finds kinds by discovery, patches and applies', async () => {
  const objects = k8s.KubernetesObjectApi.makeApiClient(kc);
  const ref = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'generic', namespace: ns } };
  await objects.create({ ...ref, metadata: { ...ref.metadata, labels: { a: '1' } }, stringData: { k: 'v' } });
  const patched = await objects.patch({ ...ref, metadata: { ...ref.metadata, labels: { b: '2' } } });
  assert.deepEqual(patched.metadata.labels, { a: '1', b: '2' });
  const listed = await objects.list('v1', 'Secret', ns, undefined, undefined, undefined, undefined, 'b=2');
  assert.deepEqual(listed.items.map((o) => o.metadata.name), ['generic']);
  const lease = { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'applied', namespace: ns }, spec: { holderIdentity: 'ssa' } };
  const applied = await objects.patch(lease, undefined, undefined, 'js-test', true, k8s.PatchStrategy.ServerSideApply);
  assert.equal(applied.spec.holderIdentity, 'ssa');
  assert.ok(applied.metadata.managedFields.some((m) => m.manager === 'js-test' && m.operation === 'Apply'));
  await objects.delete(ref);
});

test('deleteCollection removes only the selected Leases', async () => {
  await coordination.createNamespacedLease({ namespace: ns, body: { metadata: { name: 'gone', labels: { sweep: 'yes' } } } });
  const swept = await coordination.deleteCollectionNamespacedLease({ namespace: ns, labelSelector: 'sweep=yes' });
  assert.equal(swept.kind, 'LeaseList');
  const left = await coordination.listNamespacedLease({ namespace: ns });
  assert.deepEqual(left.items.map((l) => l.metadata.name).sort(), ['applied', 'lock']);
});

test('deleting the Namespace answers with it Terminating, then it is gone', async () => {
  const deleted = await core.deleteNamespace({ name: ns });
  assert.equal(deleted.kind, 'Namespace');
  assert.equal(deleted.status.phase, 'Terminating');
  for (let i = 0; i < 50; i++) {
    try {
      await core.readNamespace({ name: ns });
    } catch (e) {
      assert.equal(e.code, 404);
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail('the namespace is still there after 5 s');
});
